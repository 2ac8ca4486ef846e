"""Flesch-Kincaid grade level, computed offline (no dictionaries downloaded at run time).

grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
Syllables are estimated from vowel groups with the usual English corrections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n|:\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float | None:
        if self.words == 0:
            return None
        value = 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59
        return round(value, 1)


def count_syllables(word: str) -> int:
    word = word.lower().replace("\u2019", "'").split("'")[0]
    if len(word) <= 3:
        return 1
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        word = word[:-1]
    elif word.endswith(("es", "ed")) and not word.endswith(("ted", "ded", "ses", "zes", "ces")):
        word = word[:-2]
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def analyse(text: str) -> Readability:
    words = _WORD.findall(text)
    pieces = [piece for piece in _SENTENCE_END.split(text) if _WORD.search(piece)]
    return Readability(
        words=len(words),
        sentences=max(1, len(pieces)),
        syllables=sum(count_syllables(word) for word in words),
    )


def flesch_kincaid_grade(text: str) -> float | None:
    return analyse(text).grade
