"""Text normalisation for the crisis detector: words folded (case, accents, compatibility
forms), leetspeak decoded, letters spelled out with separators joined, a few contractions and
split compounds merged, emoji kept as tokens. Every token keeps its span in the original text,
so a match can be highlighted where the member typed it.

One regular expression finds the words (each alternative starts on a different character
class and has no nested repetition, so it runs in linear time); everything after it works on
the list of tokens. Written here rather than with a library: the tokenisers at hand (spaCy,
NLTK) need models or data we may not download, and none keeps leetspeak and offsets together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

# A word: letters and digits (and separate accents), with apostrophes and leetspeak symbols
# allowed only between two such characters ("don't", "k!ll", "$uicide" is "uicide" + fuzzy).
_WORD_CHAR = r"[\w\u0300-\u036f]"  # one class, not an alternation: much faster in `re`
_EMOJI = r"[\U0001F300-\U0001FAFF\u2600-\u27BF]"
# A word or emoji (group "w"), a sentence end ("s") or a clause end ("c"), in one pass.
_TOKEN = re.compile(
    rf"(?P<w>{_WORD_CHAR}+(?:['\u2019!@$*]{_WORD_CHAR}+)*|{_EMOJI})"
    r"|(?P<s>[.!?;\n])|(?P<c>[,:()\[\]\u2014\u2013\"])"
)
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "!": "i",
        "@": "a",
        "$": "s",
    }
)
# The same, split: words (and emoji) are matched; sentence and clause ends between them.
_WORD = re.compile(rf"{_WORD_CHAR}+(?:['\u2019!@$*]{_WORD_CHAR}+)*|{_EMOJI}")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_END = re.compile(r"[,:()\[\]\u2014\u2013\"]")
# A cheap test for letters spelled out with separators; only then is the join pass run.
_SPELLED_OUT = re.compile(r"(?<![^\W_])[^\W_][^\w]{1}[^\W_][^\w][^\W_](?![^\W_])")
_SQUEEZE = re.compile(r"(\w)\1+")
_LONG_RUN = re.compile(r"(\w)\1{2,}")

# Two tokens read as one word, and one token read as two ("wanna" is "want to").
MERGES: dict[tuple[str, str], str] = {
    ("my", "self"): "myself",
    ("me", "self"): "myself",
    ("self", "harm"): "selfharm",
    ("self", "harming"): "selfharming",
    ("self", "injury"): "selfinjury",
    ("sewer", "slide"): "sewerslide",
    ("un", "alive"): "unalive",
    ("un", "aliving"): "unaliving",
    ("over", "dose"): "overdose",
    ("good", "bye"): "goodbye",
    ("with", "out"): "without",
    ("no", "one"): "noone",
    ("any", "more"): "anymore",
    ("every", "one"): "everyone",
    ("do", "not"): "dont",
    ("can", "not"): "cant",
    ("will", "not"): "wont",
    ("would", "not"): "wouldnt",
    ("did", "not"): "didnt",
    ("i", "am"): "im",
    ("i", "will"): "ill",
    ("i", "would"): "id",
}
_MERGE_SECONDS = frozenset(second for _, second in MERGES)
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "wanna": ("want", "to"),
    "wana": ("want", "to"),
    "gonna": ("going", "to"),
    "gunna": ("going", "to"),
    "gona": ("going", "to"),
    "gotta": ("got", "to"),
    "cannot": ("cant",),
    "imma": ("im", "going", "to"),
    "ima": ("im", "going", "to"),
    "u": ("you",),
    "ur": ("your",),
    "r": ("are",),
    "n": ("and",),
    "cuz": ("because",),
    "bc": ("because",),
    "2nite": ("tonight",),
    "2night": ("tonight",),
    "tmrw": ("tomorrow",),
    "tmr": ("tomorrow",),
    "rn": ("right", "now"),
}


class Token(NamedTuple):
    """A normalised word (or emoji) with its span in the original text. ``sentence`` counts
    sentence ends before it; ``clause`` counts sentence and clause ends (commas, colons)."""

    text: str
    start: int
    end: int
    sentence: int = 0
    clause: int = 0
    variants: frozenset[str] = frozenset()

    @property
    def is_emoji(self) -> bool:
        return len(self.text) == 1 and not self.text.isalnum()


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Case-folded, compatibility-decomposed, accents and apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.casefold().replace("'", "").replace("\u2019", "")


@lru_cache(maxsize=16384)
def variants(word: str) -> frozenset[str]:
    """Spellings a folded word may stand for: itself, leetspeak decoded (only when it mixes
    letters with digits or symbols), and with long runs of one letter shortened ("soooo")."""
    found = {word}
    if any(c.isalpha() for c in word) and any(not c.isalpha() for c in word):
        found.add(word.translate(_LEET).replace("*", ""))
    for form in list(found):
        if _LONG_RUN.search(form):
            found.add(_LONG_RUN.sub(r"\1\1", form))
            found.add(_SQUEEZE.sub(r"\1", form))
    return frozenset(found)


def squeeze(word: str) -> str:
    """Every run of one letter shortened to one ("kill" is "kil"): a key for lookups."""
    return _SQUEEZE.sub(r"\1", word)


def _raw_tokens(text: str) -> Iterator[tuple[str, int, int, bool, bool]]:
    """(folded word, start, end, sentence ends before, clause ends before), lazily. Only
    words are matched; the text between two words is looked at for sentence and clause ends
    only when it is more than one space (the usual case is one space: nothing to do)."""
    previous_end = 0
    search_sentence, search_clause = _SENTENCE_END.search, _CLAUSE_END.search
    for match in _WORD.finditer(text):
        start, end = match.span()
        sentence = clause = False
        if start != previous_end:
            gap = text[previous_end:start]
            if gap != " ":
                sentence = search_sentence(gap) is not None
                clause = sentence or search_clause(gap) is not None
        previous_end = end
        yield fold(text[start:end]), start, end, sentence, clause


def _join_spelled_out(text: str, raw: list) -> list:
    """Single letters spelled out with one separator ("s.u.i.c.i.d.e", "k-m-s", "s u i c i d
    e") become one word: three or more with the same punctuation mark, five or more with
    spaces (so "k m s" stays three letters)."""
    joined = []
    index = 0
    while index < len(raw):
        end = index
        separator = None
        while end + 1 < len(raw) and len(raw[end][0]) == 1 and len(raw[end + 1][0]) == 1:
            gap = text[raw[end][2] : raw[end + 1][1]]
            if len(gap) != 1 or (separator is not None and gap != separator):
                break
            separator = gap
            end += 1
        count = end - index + 1
        if separator is not None and count >= (5 if separator.isspace() else 3):
            word = "".join(item[0] for item in raw[index : end + 1])
            first = raw[index]
            joined.append((word, first[1], raw[end][2], first[3], first[4]))
            index = end + 1
        else:
            joined.append(raw[index])
            index += 1
    return joined


def tokenise(text: str) -> list[Token]:
    """The tokens of ``text``, normalised, in order, linear in its length."""
    raw: Iterable[tuple[str, int, int, bool, bool]] = _raw_tokens(text)
    if _SPELLED_OUT.search(text):
        raw = _join_spelled_out(text, list(raw))
    tokens: list[Token] = []
    sentence = clause = 0
    previous = ""
    merge_seconds = _MERGE_SECONDS
    append = tokens.append
    new = tuple.__new__
    for word, start, end, new_sentence, new_clause in raw:
        if new_clause and tokens:
            sentence += new_sentence
            clause += 1
        elif word in merge_seconds and tokens and (previous, word) in MERGES:
            last = tokens.pop()
            word, start = MERGES[(previous, word)], last.start
        previous = word
        expanded = _expanded(word)
        if len(expanded) == 1:
            # tuple.__new__ skips NamedTuple's Python-level __new__: a third of the cost.
            append(new(Token, (word, start, end, sentence, clause, expanded[0][1])))
        else:
            tokens.extend(Token(p, start, end, sentence, clause, forms) for p, forms in expanded)
    return tokens


@lru_cache(maxsize=16384)
def _expanded(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The words a folded word stands for ("wanna" is "want", "to"), with their spellings:
    one cached look-up per token."""
    return tuple((part, variants(part)) for part in EXPANSIONS.get(word, (word,)))
