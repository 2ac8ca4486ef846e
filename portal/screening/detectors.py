"""Pattern detectors. Each returns the matches it finds in a text, with their spans.

The personal-information detectors live in ``portal.screening.phi``; their names are
re-exported here for the callers that import them from this module."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from portal.screening import crisis
from portal.screening.matches import Match
from portal.screening.phi import (
    PHI_DETECTORS,
    find_addresses,
    find_dates_of_birth,
    find_emails,
    find_phones,
    find_record_numbers,
    find_ssns,
)

__all__ = [  # the PHI names are re-exported for the callers that import them from here
    "PHI_DETECTORS",
    "Match",
    "Token",
    "find_addresses",
    "find_crisis_language",
    "find_dates_of_birth",
    "find_emails",
    "find_phones",
    "find_phrases",
    "find_record_numbers",
    "find_ssns",
    "normalise",
    "tokens",
]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "").replace("'", "")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


_APOSTROPHES = frozenset("'\u2019")


@dataclass(frozen=True)
class Token:
    """A word of a text, normalised, with its span in the original text."""

    text: str
    start: int
    end: int


def _fold(char: str) -> str:
    """One character case-folded, compatibility-decomposed, with its accents dropped."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[Token]:
    """The words of ``text`` in one pass: runs of letters, digits and underscores, folded
    (case, accents, compatibility forms); apostrophes inside a word are dropped ("don't" is
    "dont"); every other character (spaces, newlines, punctuation, repeated or not) only
    separates words."""
    found: list[Token] = []
    word: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if unicodedata.combining(char) or (word and char in _APOSTROPHES):
            continue  # a separate accent, or an apostrophe inside a word
        folded = _fold(char)
        if folded and all(c.isalnum() or c == "_" for c in folded):
            if not word:
                start = index
            word.append(folded)
            end = index + 1
            continue
        if word:
            found.append(Token("".join(word), start, end))
            word = []
    if word:
        found.append(Token("".join(word), start, end))
    return found


def find_phrases(text: str, phrases: tuple[str, ...], *, kind: str = "phrase") -> list[Match]:
    """Where each phrase occurs in ``text`` as whole words: a phrase is a sequence of tokens
    (see ``tokens``) and matches the same sequence in the text, whatever separates the words.
    Linear in the text for a given list of phrases (no regular expression on the text)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(token.text for token in tokens(phrase))
        if words:
            by_first.setdefault(words[0], []).append(words)
    if not by_first:
        return []
    words = tokens(text)
    found: list[Match] = []
    for position, token in enumerate(words):
        for phrase in by_first.get(token.text, ()):
            candidate = words[position : position + len(phrase)]
            if tuple(t.text for t in candidate) == phrase:
                start, end = token.start, candidate[-1].end
                found.append(Match(kind, start, end, text[start:end]))
    return found


def find_crisis_language(text: str, extra_phrases: tuple[str, ...] = ()) -> list[str]:
    """The crisis words found (see ``portal.screening.crisis``), then the moderators'
    phrases (whole words after the same normalisation), when they reach the crisis level."""
    assessment = crisis.assess(text, extra_phrases=extra_phrases)
    return assessment.phrases if assessment.level == crisis.CRISIS else []
