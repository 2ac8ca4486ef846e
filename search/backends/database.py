"""The default back-end: the ``SearchDocument`` table with SQLite FTS5 (BM25 ranking, Porter
stemming) or PostgreSQL full-text search (English configuration, weighted vectors)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet

from search.backends.base import (
    SORT_DATE,
    Hit,
    SearchRequest,
    SearchResults,
    Suggestion,
)
from search.documents import IndexDocument
from search.models import DocumentKind, SearchDocument, SearchTerm
from search.query import ParsedQuery
from search.text import highlight, stem, words

FTS_TABLE = "portal_search_fts"
# BM25 weights of the FTS columns: title, keywords (conditions and their lay names), body.
FTS_WEIGHTS = "10.0, 4.0, 1.0"
MAX_CORRECTED_WORDS = 4
MAX_SPELLING_CANDIDATES = 5000
FIELDS = (
    "kind",
    "title",
    "keywords",
    "body",
    "summary",
    "url",
    "context",
    "forum_id",
    "published_at",
    "last_reviewed",
    "review_due",
)


def fts_expression(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression built only from word tokens, each phrase double-quoted:
    nothing the reader typed is ever read as FTS syntax."""
    clauses = []
    for clause in query.clauses:
        phrases = ['"' + " ".join(phrase).replace('"', "") + '"' for phrase in clause]
        clauses.append("(" + " OR ".join(phrases) + ")")
    return (" AND " if query.require_all else " OR ").join(clauses)


def postgres_query(query: ParsedQuery) -> SearchQuery:
    combined = None
    for clause in query.clauses:
        alternatives = None
        for phrase in clause:
            kind = "phrase" if len(phrase) > 1 else "plain"
            part = SearchQuery(" ".join(phrase), search_type=kind, config="english")
            alternatives = part if alternatives is None else alternatives | part
        if combined is None:
            combined = alternatives
        else:
            combined = combined & alternatives if query.require_all else combined | alternatives
    return combined


class DatabaseBackend:
    name = "database"

    # --- Writing --------------------------------------------------------------------------
    @transaction.atomic
    def upsert(self, documents: list[IndexDocument]) -> None:
        for document in documents:
            self._upsert_one(document)
        self._update_vectors(SearchDocument.objects.filter(key__in=[d.key for d in documents]))

    def _upsert_one(self, document: IndexDocument) -> None:
        existing = SearchDocument.objects.filter(key=document.key).only("vocabulary").first()
        old_words = set(existing.vocabulary.split()) if existing else set()
        values = {name: getattr(document, name) for name in FIELDS}
        values["vocabulary"] = " ".join(document.vocabulary)
        row, _ = SearchDocument.objects.update_or_create(key=document.key, defaults=values)
        row.conditions.set(document.condition_ids)
        self._count_words(set(document.vocabulary) - old_words, +1)
        self._count_words(old_words - set(document.vocabulary), -1)

    @transaction.atomic
    def upsert_many(self, documents: list[IndexDocument]) -> None:
        """Add many new documents at once (no vocabulary bookkeeping): bulk loads."""
        self._bulk_insert(documents)
        self._update_vectors(SearchDocument.objects.filter(key__in=[d.key for d in documents]))

    @transaction.atomic
    def delete(self, keys: list[str]) -> None:
        rows = SearchDocument.objects.filter(key__in=keys)
        for vocabulary in rows.values_list("vocabulary", flat=True):
            self._count_words(set(vocabulary.split()), -1)
        rows.delete()

    @transaction.atomic
    def rebuild(self, documents: Iterable[IndexDocument]) -> int:
        """Replace the whole index in one transaction: readers see the old index until the
        commit, then the new one."""
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        counts: Counter[str] = Counter()
        total = 0
        batch: list[IndexDocument] = []
        for document in documents:
            batch.append(document)
            counts.update(document.vocabulary)
            if len(batch) >= 500:
                total += self._bulk_insert(batch)
                batch = []
        total += self._bulk_insert(batch)
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t, length=len(t), documents=n) for t, n in counts.items()],
            batch_size=1000,
        )
        self._update_vectors(SearchDocument.objects.all())
        return total

    def _bulk_insert(self, documents: list[IndexDocument]) -> int:
        rows = SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    key=d.key,
                    vocabulary=" ".join(d.vocabulary),
                    **{name: getattr(d, name) for name in FIELDS},
                )
                for d in documents
            ]
        )
        by_key = {row.key: row.pk for row in rows}
        if any(pk is None for pk in by_key.values()):
            by_key = dict(
                SearchDocument.objects.filter(key__in=list(by_key)).values_list("key", "pk")
            )
        through = SearchDocument.conditions.through
        through.objects.bulk_create(
            [
                through(searchdocument_id=by_key[d.key], condition_id=condition_id)
                for d in documents
                for condition_id in d.condition_ids
            ]
        )
        return len(rows)

    def _count_words(self, terms: set[str], delta: int) -> None:
        if not terms:
            return
        if delta > 0:
            SearchTerm.objects.bulk_create(
                [SearchTerm(term=t, length=len(t), documents=0) for t in terms],
                ignore_conflicts=True,
            )
        SearchTerm.objects.filter(term__in=terms).update(documents=F("documents") + delta)
        if delta < 0:
            SearchTerm.objects.filter(term__in=terms, documents__lte=0).delete()

    def _update_vectors(self, rows: QuerySet) -> None:
        if connection.vendor == "postgresql":
            rows.update(
                search_vector=SearchVector("title", weight="A", config="english")
                + SearchVector("keywords", weight="B", config="english")
                + SearchVector("body", weight="C", config="english")
            )

    # --- Reading --------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        if request.query.is_empty:
            return SearchResults(total=0, hits=[])
        visible = SearchDocument.objects.filter(
            Q(forum_id__isnull=True) | Q(forum_id__in=sorted(request.readable_forum_ids))
        )
        matched = self._match(visible, request.query)
        by_condition = _with_condition(matched, request.condition_id)
        kind_counts = dict(
            by_condition.order_by()
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        by_kind = matched.filter(kind=request.kind) if request.kind else matched
        through = SearchDocument.conditions.through
        condition_counts = dict(
            through.objects.filter(searchdocument__in=by_kind.values("id"))
            .order_by()
            .values("condition_id")
            .annotate(n=Count("searchdocument_id"))
            .values_list("condition_id", "n")
        )
        filtered = _with_condition(by_kind, request.condition_id)
        total = kind_counts.get(request.kind, 0) if request.kind else sum(kind_counts.values())
        unmatched = visible.filter(kind=request.kind) if request.kind else visible
        rows = self._page(filtered, _with_condition(unmatched, request.condition_id), request)
        terms = request.query.highlight_terms
        return SearchResults(
            total=total,
            hits=[_hit(row, terms) for row in rows],
            kind_counts=kind_counts,
            condition_counts=condition_counts,
        )

    def _match(self, rows: QuerySet, query: ParsedQuery) -> QuerySet:
        if connection.vendor == "postgresql":
            return rows.filter(search_vector=postgres_query(query))
        from django.db.models.expressions import RawSQL

        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608  # nosec B608
        return rows.filter(id__in=RawSQL(sql, [fts_expression(query)]))  # noqa: S611  # nosec B611

    def _page(self, filtered: QuerySet, unmatched: QuerySet, request: SearchRequest) -> list:
        """One page of results. On SQLite, BM25 needs the FTS table itself: the match runs
        once, restricted to the rows the filters (``unmatched``) allow."""
        end = request.offset + request.limit
        if request.sort == SORT_DATE:
            return list(filtered.order_by("-published_at", "-id")[request.offset : end])
        if connection.vendor == "postgresql":
            rank = SearchRank(F("search_vector"), postgres_query(request.query))
            ordered = filtered.annotate(rank=rank).order_by("-rank", "-published_at", "-id")
            return list(ordered[request.offset : end])
        inner, params = unmatched.values("id").query.sql_with_params()
        sql = (
            f"SELECT d.* FROM {FTS_TABLE} JOIN {SearchDocument._meta.db_table} d "  # noqa: S608  # nosec B608
            f"ON d.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND d.id IN ({inner}) "
            f"ORDER BY bm25({FTS_TABLE}, {FTS_WEIGHTS}), d.published_at DESC LIMIT %s OFFSET %s"
        )
        args = [fts_expression(request.query), *params, request.limit, request.offset]
        return list(SearchDocument.objects.raw(sql, args))

    def suggest(self, prefix: str, *, limit: int) -> list[Suggestion]:
        """Titles of editorial content (never group posts) starting with, or containing a
        word starting with, what was typed."""
        tokens = words(prefix)
        if not tokens:
            return []
        rows = SearchDocument.objects.exclude(kind=DocumentKind.GROUP_POST)
        for token in tokens[:-1]:
            rows = rows.filter(title__icontains=token)
        last = tokens[-1]
        rows = rows.filter(Q(title__istartswith=last) | Q(title__icontains=f" {last}"))
        rows = rows.order_by("title").values_list("title", "url", "kind")[:limit]
        return [Suggestion(text=t, url=u, kind=k) for t, u, k in rows]

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set(SearchDocument.objects.filter(key__in=keys).values_list("key", flat=True))

    def spelling_candidates(self, words: list[str]) -> dict[str, list[tuple[str, int]]]:
        known = dict(
            SearchTerm.objects.filter(term__in=words, documents__gt=0).values_list(
                "term", "documents"
            )
        )
        result: dict[str, list[tuple[str, int]]] = {w: [(w, n)] for w, n in known.items()}
        for word in [w for w in words if w not in known][:MAX_CORRECTED_WORDS]:
            spread = 1 if len(word) < 7 else 2
            rows = SearchTerm.objects.filter(
                documents__gt=0,
                term__startswith=word[0],
                length__gte=len(word) - spread,
                length__lte=len(word) + spread,
            ).values_list("term", "documents")[:MAX_SPELLING_CANDIDATES]
            result[word] = list(rows)
        return result


def _with_condition(rows: QuerySet, condition_id: int | None) -> QuerySet:
    return rows.filter(conditions=condition_id) if condition_id else rows


def _hit(row: SearchDocument, terms: set[str]) -> Hit:
    stems = {stem(t) for t in terms}
    summary_matches = any(stem(w) in stems for w in words(row.summary))
    text = row.summary if summary_matches or not row.body else row.body
    return Hit(
        key=row.key,
        kind=row.kind,
        title=row.title,
        url=row.url,
        snippet=highlight(text, terms),
        context=row.context,
        published_at=row.published_at,
        last_reviewed=row.last_reviewed,
        review_due=row.review_due,
    )
