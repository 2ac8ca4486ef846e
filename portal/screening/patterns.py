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
from typing import NamedTuple

from portal.screening.normalise import Token


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: fast
class Pattern:
    slots: tuple[frozenset[str], ...]
    gaps: tuple[int, ...]
    optional: tuple[bool, ...]
    category: str
    weight: float
    label: str
    spec: str
    # The required words after the first, most selective first: a sentence without one of
    # them cannot hold the pattern, which is checked with set operations before matching.
    required_rest: tuple[frozenset[str], ...] = ()


class Hit(NamedTuple):
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
    required_rest = tuple(
        sorted((s for s, o in zip(slots[1:], optional[1:], strict=True) if not o), key=len)
    )
    return Pattern(
        tuple(slots), tuple(gaps), tuple(optional), category, weight, label, spec, required_rest
    )


class PatternSet:
    """Patterns indexed by their most selective required word set (the "key"): a sentence
    is only searched for the patterns whose key words, and every other required word, it
    holds. Checking that costs a few set operations per sentence, so most patterns are never
    tried at all, however many the lexicon has."""

    def __init__(self, patterns: Sequence[Pattern]):
        self.patterns = tuple(patterns)
        self._order = {id(pattern): order for order, pattern in enumerate(self.patterns)}
        self._by_key: dict[str, list[Pattern]] = {}
        # The required word sets other than the key, checked once the key has met.
        self._others: dict[int, tuple[frozenset[str], ...]] = {}
        for pattern in self.patterns:
            required = (pattern.slots[0], *pattern.required_rest)
            key = _key(required)
            self._others[id(pattern)] = tuple(slot for slot in required if slot is not key)
            for word in key:
                self._by_key.setdefault(word, []).append(pattern)

    @property
    def vocabulary(self) -> set[str]:
        return {word for pattern in self.patterns for slot in pattern.slots for word in slot}

    def find(
        self,
        tokens: Sequence[Token],
        forms: Sequence[frozenset[str]],
        positions: Iterable[int] | None = None,
    ) -> list[Hit]:
        """Every pattern occurrence; ``forms[i]`` are the words token ``i`` may stand for.
        With ``positions``, only occurrences starting there are looked for."""
        by_sentence: dict[int, list[int]] = {}
        for index in range(len(forms)) if positions is None else positions:
            by_sentence.setdefault(tokens[index].sentence, []).append(index)
        hits: list[Hit] = []
        append = hits.append
        for indices in by_sentence.values():
            words = _sentence_words(tokens, forms, indices[0])
            for pattern in self._candidates(words):
                first_slot = pattern.slots[0]
                single = len(pattern.slots) == 1
                for index in indices:
                    if first_slot.isdisjoint(forms[index]):
                        continue
                    if single:
                        append(Hit(pattern, index, index))
                        continue
                    matched = _match_rest(pattern, tokens, forms, index)
                    if matched is None:
                        continue
                    last = matched[-1]
                    if last - index + 1 == len(matched):
                        append(Hit(pattern, index, last))
                    else:
                        skipped = tuple(sorted(set(range(index, last + 1)) - set(matched)))
                        append(Hit(pattern, index, last, skipped))
        order = self._order
        hits.sort(key=lambda hit: (hit.first, order[id(hit.pattern)]))
        return hits

    def _candidates(self, words: set[str]) -> list[Pattern]:
        """The patterns whose every required word set meets the sentence's words."""
        seen: dict[int, Pattern] = {}
        by_key = self._by_key
        for word in words:
            for pattern in by_key.get(word, ()):
                seen[id(pattern)] = pattern
        others = self._others
        found = []
        for key, pattern in seen.items():
            for slot in others[key]:
                if slot.isdisjoint(words):
                    break
            else:
                found.append(pattern)
        return found


def _key(required: Sequence[frozenset[str]]) -> frozenset[str]:
    """The most selective of a pattern's required word sets, by a cheap proxy for rarity:
    the one whose shortest word is longest ("burden" over "i"), then the smallest."""
    return max(required, key=lambda slot: (min(map(len, slot)), -len(slot)))


def _sentence_words(
    tokens: Sequence[Token], forms: Sequence[frozenset[str]], index: int
) -> set[str]:
    """Every word the tokens of the sentence holding token ``index`` may stand for (each
    sentence is gathered once per ``find``, so the work stays linear)."""
    sentence = tokens[index].sentence
    first = index
    while first and tokens[first - 1].sentence == sentence:
        first -= 1
    words: set[str] = set()
    for position in range(first, len(tokens)):
        if tokens[position].sentence != sentence:
            break
        words.update(forms[position])
    return words


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
