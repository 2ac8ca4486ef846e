"""Medical synonyms: the shipped list (synonyms.txt) plus each Condition's lay synonyms."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from search.text import words

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")

Phrase = tuple[str, ...]


def parse_synonym_lines(lines: list[str]) -> list[list[Phrase]]:
    groups: list[list[Phrase]] = []
    for line in lines:
        line = line.split("#", 1)[0]
        phrases = [tuple(words(part)) for part in line.split(",")]
        phrases = list(dict.fromkeys(p for p in phrases if p))
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


@lru_cache(maxsize=1)
def shipped_groups() -> tuple[tuple[Phrase, ...], ...]:
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(tuple(group) for group in parse_synonym_lines(lines))


def condition_groups() -> list[list[Phrase]]:
    """Each Condition's name with its lay synonyms (one query; cached per request by callers)."""
    from portal.taxonomy.models import Condition

    groups = []
    for name, lay in Condition.objects.values_list("name", "lay_synonyms"):
        phrases = [tuple(words(name))] + [tuple(words(line)) for line in lay.splitlines()]
        phrases = list(dict.fromkeys(p for p in phrases if p))
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


def all_groups() -> list[list[Phrase]]:
    return [list(group) for group in shipped_groups()] + condition_groups()


def solr_lines(groups: list[list[Phrase]]) -> list[str]:
    """The groups in the format Elasticsearch's synonym filters read."""
    return [", ".join(" ".join(phrase) for phrase in group) for group in groups]
