"""Moderators' crisis phrases and watched words match whole words, after the same folding
as the text (case, accents, punctuation and spacing), so short slang can be added safely."""

from __future__ import annotations

import pytest

from forums.moderation.screening import compile_watched_word
from portal.screening import detectors
from portal.screening.services import Decision, screen_text


def _is_crisis(text: str, phrase: str) -> bool:
    return screen_text(text, extra_crisis_phrases=(phrase,)).decision == Decision.CRISIS


@pytest.mark.parametrize("text", ["i want to kms", "KMS.", "honestly... kms!!!", "(kms)"])
def test_a_three_letter_phrase_matches_as_a_word(text):
    assert _is_crisis(text, "kms")


@pytest.mark.parametrize("text", ["thanks everyone", "kmsomething", "akms", "k m s", "km s"])
def test_a_three_letter_phrase_does_not_match_inside_other_words(text):
    assert not _is_crisis(text, "kms")


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("désespéré", "je suis desespere ce soir"),
        ("desespere", "Je suis DÉSESPÉRÉ ce soir"),
        ("désespéré", "je suis de\u0301sespe\u0301re\u0301"),  # accents typed as separate marks
    ],
)
def test_accents_are_ignored_on_both_sides(phrase, text):
    assert _is_crisis(text, phrase)


@pytest.mark.parametrize(
    "text",
    ["off to the bridge   for\n\ngood", "the Bridge, for good.", "bridge -- for -- good"],
)
def test_a_multi_word_phrase_matches_across_spacing_and_punctuation(text):
    assert _is_crisis(text, "bridge for good")


def test_a_multi_word_phrase_needs_its_words_in_order_and_whole():
    assert not _is_crisis("good for the bridge", "bridge for good")
    assert not _is_crisis("bridge for goodness sake", "bridge for good")


def test_a_phrase_keeps_its_apostrophes_like_the_text():
    assert _is_crisis("I can\u2019t anymore", "cant anymore")
    assert _is_crisis("I cant anymore", "can't anymore")


def test_a_phrase_match_carries_its_span_in_the_original_text():
    text = "Well.  I  want to\nKMS!!"
    [match] = detectors.find_phrases(text, ("want to kms",))
    assert text[match.start : match.end] == "want to\nKMS"


def test_watched_words_match_whole_folded_words():
    find = compile_watched_word("café", is_regex=False)
    text = "CAFE time, cafés, and Café."
    assert [text[start:end] for start, end in find(text)] == ["CAFE", "Café"]


def test_a_multi_word_watched_word_matches_across_lines():
    find = compile_watched_word("miracle cure", is_regex=False)
    assert find("a MIRACLE\n  cure!") == [(2, 16)]
    assert find("a miracle-cured thing") == []


def test_a_watched_word_without_letters_or_digits_is_refused():
    with pytest.raises(ValueError, match="letter or digit"):
        compile_watched_word("!!!", is_regex=False)


def test_phrase_matching_reads_each_character_of_the_text_once(monkeypatch):
    """Work, not time: folding is called once per character of the text and of the phrases,
    whatever the text's shape (no regular expression runs over the member's text)."""
    calls = []
    real_fold = detectors._fold

    def counting_fold(char):
        calls.append(char)
        return real_fold(char)

    monkeypatch.setattr(detectors, "_fold", counting_fold)
    phrases = ("kms", "bridge for good", "a a a b")
    for text in ("a " * 5_000, "kms" * 5_000, "bridge for " * 2_000, "é" * 9_000):
        calls.clear()
        detectors.find_phrases(text, phrases)
        assert len(calls) == len(text) + sum(len(phrase) for phrase in phrases), text[:20]
