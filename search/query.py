"""From what a patient typed to what back-ends search for: words only (never query syntax),
typos corrected against the words of live editorial content, and synonyms expanded."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.synonyms import Phrase
from search.text import MAX_QUERY_WORDS, content_words, words

MIN_CORRECTABLE_LENGTH = 4


@dataclass(frozen=True)
class ParsedQuery:
    """``clauses`` are AND-ed; each clause is a list of alternative phrases (OR-ed)."""

    text: str
    tokens: tuple[str, ...]
    clauses: tuple[tuple[Phrase, ...], ...]
    corrections: dict[str, str] = field(default_factory=dict)
    require_all: bool = True

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def highlight_terms(self) -> set[str]:
        return {word for clause in self.clauses for phrase in clause for word in phrase}


def parse_query(
    text: str, *, groups: list[list[Phrase]], corrections: dict[str, str]
) -> ParsedQuery:
    tokens = content_words(words(text))[:MAX_QUERY_WORDS]
    corrected = [corrections.get(token, token) for token in tokens]
    clauses: list[tuple[Phrase, ...]] = []
    i = 0
    while i < len(corrected):
        group, length = _longest_synonym_at(corrected, i, groups)
        if group:
            original = tuple(tokens[i : i + length])
            clauses.append(tuple(dict.fromkeys([original, *group])))
            i += length
            continue
        alternatives = dict.fromkeys([(tokens[i],), (corrected[i],)])
        clauses.append(tuple(alternatives))
        i += 1
    used = {t: c for t, c in zip(tokens, corrected, strict=True) if t != c}
    return ParsedQuery(text=text, tokens=tuple(tokens), clauses=tuple(clauses), corrections=used)


def _longest_synonym_at(
    tokens: list[str], start: int, groups: list[list[Phrase]]
) -> tuple[list[Phrase], int]:
    best: list[Phrase] = []
    best_length = 0
    for group in groups:
        for phrase in group:
            n = len(phrase)
            if n > best_length and tuple(tokens[start : start + n]) == phrase:
                merged = best if best_length == n else []
                best, best_length = list(dict.fromkeys([*merged, *group])), n
    return best, best_length


def correctable(tokens: list[str]) -> list[str]:
    return [t for t in tokens if len(t) >= MIN_CORRECTABLE_LENGTH and not t.isdigit()]


def edit_distance(a: str, b: str, *, limit: int) -> int:
    """Damerau-Levenshtein (adjacent transpositions), giving up beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(word: str) -> int:
    return 1 if len(word) < 7 else 2


def best_correction(
    word: str, candidates: list[tuple[str, int]], *, context: set[str] = frozenset()
) -> str | None:
    """The closest candidate, if close enough. Among equally close ones: one that makes a
    synonym phrase with the other words typed (``context``), then the most used."""
    limit = allowed_distance(word)
    scored = []
    for term, documents in candidates:
        distance = edit_distance(word, term, limit=limit)
        if 0 < distance <= limit:
            scored.append((distance, term not in context, -documents, term))
    return min(scored)[3] if scored else None
