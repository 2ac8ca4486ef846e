"""The Elasticsearch back-end (when ELASTICSEARCH_URL is set), written with elasticsearch.dsl.

Readers query aliases (``portal-education`` …); each points at one versioned index
(``portal-education-20261121030000``). A rebuild fills new versioned indices, then swaps every
alias in one atomic ``_aliases`` call and deletes the old indices: no downtime.
The query is built from the same parsed query as the database back-end (same synonym
expansion and visibility rule), plus fuzziness and the analyser's synonym filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import A, Q, Search

from search.backends.base import (
    SORT_DATE,
    Hit,
    SearchRequest,
    SearchResults,
    Suggestion,
)
from search.backends.es_documents import DOCUMENTS, PAGE_KINDS, alias_name, versioned_index
from search.documents import IndexDocument
from search.query import ParsedQuery
from search.text import MARK_END, MARK_START, highlight, marked_html

TEXT_FIELDS = ["title^3", "keywords^2", "summary^1.5", "body"]
PLAIN_FIELDS = ["title.plain^3", "keywords.plain^2", "summary.plain^1.5", "body.plain"]
MAX_CONDITION_FACETS = 50


def visibility_filter(readable_forum_ids: frozenset[int]) -> Q:
    """Editorial documents (no forum) for everyone; posts only from forums the reader reads."""
    return Q(
        "bool",
        should=[
            Q("bool", must_not=[Q("exists", field="forum_id")]),
            Q("terms", forum_id=sorted(readable_forum_ids)),
        ],
        minimum_should_match=1,
    )


def phrase_query(phrase: tuple[str, ...]) -> Q:
    text = " ".join(phrase)
    if len(phrase) > 1:
        return Q("multi_match", query=text, type="phrase", fields=TEXT_FIELDS)
    return Q(
        "bool",
        should=[
            Q("multi_match", query=text, fields=TEXT_FIELDS),
            Q("multi_match", query=text, fields=PLAIN_FIELDS, fuzziness="AUTO", prefix_length=1),
        ],
        minimum_should_match=1,
    )


def text_query(query: ParsedQuery) -> Q:
    """Words only (match queries, never query_string): clauses AND-ed (or, relaxed, OR-ed),
    each clause any of its synonym phrases."""
    clauses = [
        Q("bool", should=[phrase_query(p) for p in clause], minimum_should_match=1)
        for clause in query.clauses
    ]
    if query.require_all:
        return Q("bool", must=clauses)
    return Q("bool", should=clauses, minimum_should_match=1)


def build_search(request: SearchRequest, *, indices: list[str]) -> Search:
    search = Search(index=indices).extra(track_total_hits=True)
    search = search.query(
        Q(
            "bool",
            must=[text_query(request.query)],
            filter=[visibility_filter(request.readable_forum_ids)],
        )
    )
    kind_filter = Q("term", kind=request.kind) if request.kind else Q("match_all")
    condition_filter = (
        Q("term", condition_ids=request.condition_id) if request.condition_id else Q("match_all")
    )
    search = search.post_filter(Q("bool", filter=[kind_filter, condition_filter]))
    search.aggs.bucket("kinds", A("filter", condition_filter)).bucket(
        "values", A("terms", field="kind", size=len(DOCUMENTS))
    )
    search.aggs.bucket("conditions", A("filter", kind_filter)).bucket(
        "values", A("terms", field="condition_ids", size=MAX_CONDITION_FACETS)
    )
    if request.sort == SORT_DATE:
        search = search.sort({"published_at": {"order": "desc"}}, {"key": {"order": "desc"}})
    else:
        search = search.sort("_score", {"published_at": {"order": "desc"}})
    search = search.highlight_options(
        pre_tags=[MARK_START],
        post_tags=[MARK_END],
        number_of_fragments=1,
        fragment_size=200,
        encoder="default",
    ).highlight("summary", "body")
    return search[request.offset : request.offset + request.limit]


def build_suggest(prefix: str, *, limit: int, indices: list[str]) -> Search:
    search = Search(index=indices).source(["title", "url", "kind"])
    return search.suggest(
        "titles",
        prefix,
        completion={
            "field": "suggest",
            "size": limit,
            "skip_duplicates": True,
            "fuzzy": {"fuzziness": "AUTO", "prefix_length": 1},
        },
    )[:0]


def document_source(document: IndexDocument) -> dict:
    source = {
        "key": document.key,
        "kind": document.kind,
        "title": document.title,
        "keywords": document.keywords,
        "summary": document.summary,
        "body": document.body,
        "context": document.context,
        "url": document.url,
        "forum_id": document.forum_id,
        "condition_ids": document.condition_ids,
        "published_at": document.published_at.isoformat(),
        "last_reviewed": document.last_reviewed.isoformat() if document.last_reviewed else None,
        "review_due": document.review_due.isoformat() if document.review_due else None,
    }
    if document.kind in PAGE_KINDS:
        source["suggest"] = {"input": [document.title]}
    return source


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None) -> None:
        self.client = client or Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=5, max_retries=2, retry_on_timeout=True
        )
        self._ready = False

    @property
    def aliases(self) -> list[str]:
        return [alias_name(kind) for kind in DOCUMENTS]

    # --- Writing --------------------------------------------------------------------------
    def ensure_indices(self) -> None:
        """Create a versioned index behind each missing alias (first run)."""
        if self._ready:
            return
        groups = _synonym_groups()
        version = _version()
        for kind in DOCUMENTS:
            if not self.client.indices.exists_alias(name=alias_name(kind)):
                index = versioned_index(kind, version=version, groups=groups)
                index.create(using=self.client)
                self.client.indices.put_alias(index=index._name, name=alias_name(kind))
        self._ready = True

    def upsert(self, documents: list[IndexDocument]) -> None:
        self.ensure_indices()
        actions = [
            {
                "_op_type": "index",
                "_index": alias_name(d.kind),
                "_id": d.key,
                "_source": document_source(d),
            }
            for d in documents
        ]
        helpers.bulk(self.client, actions, refresh="wait_for")

    def delete(self, keys: list[str]) -> None:
        """Remove from every alias (a deleted object's type is no longer known)."""
        self.ensure_indices()
        actions = [
            {"_op_type": "delete", "_index": alias, "_id": key}
            for key in keys
            for alias in self.aliases
        ]
        helpers.bulk(self.client, actions, refresh="wait_for", raise_on_error=False)

    def rebuild(self, documents: Iterable[IndexDocument]) -> int:
        groups = _synonym_groups()
        version = _version()
        new = {kind: versioned_index(kind, version=version, groups=groups) for kind in DOCUMENTS}
        for index in new.values():
            index.create(using=self.client)
        actions = (
            {
                "_op_type": "index",
                "_index": new[d.kind]._name,
                "_id": d.key,
                "_source": document_source(d),
            }
            for d in documents
        )
        count, _ = helpers.bulk(self.client, actions, refresh=True)
        self._swap_aliases({kind: index._name for kind, index in new.items()})
        self._ready = True
        return count

    def _swap_aliases(self, new_names: dict[str, str]) -> None:
        actions, old = [], []
        for kind, new_name in new_names.items():
            alias = alias_name(kind)
            try:
                current = list(self.client.indices.get_alias(name=alias).body)
            except NotFoundError:
                current = []
            if not current and self.client.indices.exists(index=alias):
                self.client.indices.delete(index=alias)  # an index auto-created by mistake
            actions += [{"remove": {"index": name, "alias": alias}} for name in current]
            actions.append({"add": {"index": new_name, "alias": alias}})
            old += current
        self.client.indices.update_aliases(actions=actions)
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)

    # --- Reading --------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        if request.query.is_empty:
            return SearchResults(total=0, hits=[])
        search = build_search(request, indices=self.aliases).params(ignore_unavailable=True)
        response = search.using(self.client).execute()
        terms = request.query.highlight_terms
        return SearchResults(
            total=response.hits.total.value,
            hits=[_hit(hit, terms) for hit in response.hits],
            kind_counts={b.key: b.doc_count for b in response.aggregations.kinds["values"].buckets},
            condition_counts={
                int(b.key): b.doc_count for b in response.aggregations.conditions["values"].buckets
            },
        )

    def suggest(self, prefix: str, *, limit: int) -> list[Suggestion]:
        indices = [alias_name(kind) for kind in PAGE_KINDS]
        search = build_suggest(prefix, limit=limit, indices=indices).params(ignore_unavailable=True)
        response = search.using(self.client).execute()
        options = response.suggest.titles[0].options if "titles" in response.suggest else []
        return [
            Suggestion(text=o._source.title, url=o._source.url, kind=o._source.kind)
            for o in options
        ]

    def existing_keys(self, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        search = Search(index=self.aliases).filter("ids", values=keys).source(False)
        response = search[: len(keys)].params(ignore_unavailable=True).using(self.client).execute()
        return {hit.meta.id for hit in response.hits}

    def spelling_candidates(self, words: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Elasticsearch corrects typos itself (fuzziness): nothing to correct here."""
        return {word: [(word, 1)] for word in words}


def _version() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _synonym_groups():
    from search.synonyms import all_groups

    return all_groups()


def _hit(hit, terms: set[str]) -> Hit:
    source = hit.to_dict()
    fragments = getattr(hit.meta, "highlight", None)
    snippet = None
    if fragments is not None:
        for field in ("summary", "body"):
            if field in fragments:
                snippet = marked_html(" ".join(fragments[field]))
                break
    return Hit(
        key=source["key"],
        kind=source["kind"],
        title=source["title"],
        url=source["url"],
        snippet=snippet if snippet is not None else highlight(source.get("summary", ""), terms),
        context=source.get("context", ""),
        published_at=_datetime(source.get("published_at")),
        last_reviewed=_date(source.get("last_reviewed")),
        review_due=_date(source.get("review_due")),
    )


def _datetime(value) -> datetime | None:
    if isinstance(value, datetime) or value is None:
        return value
    return parse_datetime(value)


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    return parse_date(value[:10])
