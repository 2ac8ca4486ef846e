"""The one interface every search back-end implements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from django.utils.safestring import SafeString

from search.documents import IndexDocument
from search.query import ParsedQuery

SORT_RELEVANCE = "relevance"
SORT_DATE = "date"


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    readable_forum_ids: frozenset[int]
    kind: str = ""
    condition_id: int | None = None
    sort: str = SORT_RELEVANCE
    offset: int = 0
    limit: int = 10


@dataclass
class Hit:
    key: str
    kind: str
    title: str
    url: str
    snippet: SafeString
    context: str
    published_at: datetime
    last_reviewed: date | None = None
    review_due: date | None = None


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    kind_counts: dict[str, int] = field(default_factory=dict)
    condition_counts: dict[int, int] = field(default_factory=dict)
    matched_some_words: bool = False


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str
    kind: str


class SearchBackend(Protocol):
    name: str

    def upsert(self, documents: list[IndexDocument]) -> None: ...

    def delete(self, keys: list[str]) -> None: ...

    def rebuild(self, documents: Iterable[IndexDocument]) -> int: ...

    def search(self, request: SearchRequest) -> SearchResults: ...

    def suggest(self, prefix: str, *, limit: int) -> list[Suggestion]: ...

    def existing_keys(self, keys: list[str]) -> set[str]: ...

    def spelling_candidates(self, words: list[str]) -> dict[str, list[tuple[str, int]]]: ...
