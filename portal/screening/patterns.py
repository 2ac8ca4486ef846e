"""Token patterns: short sequences of word sets with small gaps, matched over normalised
tokens (see ``normalise``). Not regular expressions over the text: each pattern is tried only
at tokens that can start it, and each step looks a bounded number of tokens ahead, so the
work is linear in the number of tokens.

A pattern is written as words separated by spaces:
- ``want|wish`` alternatives; an upper-case name (``DIE``) is a concept of the lexicon;
- ``_2`` up to two other tokens may come before the next word;
- ``?just`` an optional word.
A pattern never crosses a sentence end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from portal.screening.normalise import Token


@dataclass(frozen=True, slots=True)
class Pattern:
    slots: tuple[frozenset[str], ...]
    gaps: tuple[int, ...]
    optional: tuple[bool, ...]
    category: str
    weight: float
    label: str
    spec: str


@dataclass(frozen=True, slots=True)
class Hit:
    pattern: Pattern
    first: int  # index of the first token
    last: int  # index of the last token (inclusive)
    skipped: tuple[int, ...] = ()  # tokens inside the match that no word of it matched


def compile_spec(
    spec: str, concepts: Mapping[str, Iterable[str]], *, category: str, weight: float, label: str
) -> Pattern:
    slots: list[frozenset[str]] = []
    gaps: list[int] = []
    optional: list[bool] = []
    gap = 0
    for part in spec.split():
        if part.startswith("_") and part[1:].isdigit():
            gap = int(part[1:])
            continue
        is_optional = part.startswith("?")
        words: set[str] = set()
        for alternative in part.lstrip("?").split("|"):
            if alternative.isupper() and alternative in concepts:
                words.update(concepts[alternative])
            else:
                words.add(alternative.lower())
        slots.append(frozenset(words))
        gaps.append(gap)
        optional.append(is_optional)
        gap = 0
    if not slots or optional[0]:
        raise ValueError(f"A pattern must start with a required word: {spec!r}")
    return Pattern(tuple(slots), tuple(gaps), tuple(optional), category, weight, label, spec)


class PatternSet:
    """Patterns indexed by the words that can start them."""

    def __init__(self, patterns: Sequence[Pattern]):
        self.patterns = tuple(patterns)
        self._by_first: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            for word in pattern.slots[0]:
                self._by_first.setdefault(word, []).append(pattern)

    @property
    def vocabulary(self) -> set[str]:
        return {word for pattern in self.patterns for slot in pattern.slots for word in slot}

    def find(self, tokens: Sequence[Token], forms: Sequence[frozenset[str]]) -> list[Hit]:
        """Every pattern occurrence; ``forms[i]`` are the words token ``i`` may stand for."""
        hits: list[Hit] = []
        for index, token_forms in enumerate(forms):
            candidates: set[Pattern] = set()
            for word in token_forms:
                candidates.update(self._by_first.get(word, ()))
            for pattern in candidates:
                matched = _match_rest(pattern, tokens, forms, index)
                if matched is not None:
                    skipped = tuple(sorted(set(range(index, matched[-1] + 1)) - set(matched)))
                    hits.append(Hit(pattern, index, matched[-1], skipped))
        return hits


def _match_rest(
    pattern: Pattern, tokens: Sequence[Token], forms: Sequence[frozenset[str]], first: int
) -> list[int] | None:
    """The positions of the tokens matching each word of the pattern (greedy, first fit)."""
    sentence = tokens[first].sentence
    position = first + 1
    matched = [first]
    for slot, gap, is_optional in zip(
        pattern.slots[1:], pattern.gaps[1:], pattern.optional[1:], strict=True
    ):
        found = None
        for candidate in range(position, min(len(tokens), position + gap + 1)):
            if tokens[candidate].sentence != sentence:
                break
            if not slot.isdisjoint(forms[candidate]):
                found = candidate
                break
        if found is None:
            if is_optional:
                continue
            return None
        matched.append(found)
        position = found + 1
    return matched
