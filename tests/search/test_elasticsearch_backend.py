"""The Elasticsearch back-end without a server: its mappings and generated queries as
dicts, and its client calls against a local fake Elasticsearch (pytest-httpserver)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from elasticsearch import Elasticsearch
from werkzeug import Response

from search.backends.base import SORT_DATE, SearchRequest
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    build_search,
    build_suggest,
    visibility_filter,
)
from search.backends.es_documents import alias_name, versioned_index
from search.documents import IndexDocument
from search.query import parse_query
from search.synonyms import shipped_groups

GROUPS = [list(group) for group in shipped_groups()]


def parsed(text: str, **kwargs):
    return parse_query(text, groups=GROUPS, corrections=kwargs.pop("corrections", {}))


# --- Mappings ------------------------------------------------------------------------------
def test_index_has_english_analysers_with_the_medical_synonyms():
    index = versioned_index("education", version="20260101", groups=GROUPS).to_dict()
    analysis = index["settings"]["analysis"]
    assert analysis["analyzer"]["english_search"]["filter"] == [
        "lowercase",
        "asciifolding",
        "medical_synonyms",
        "english_possessive",
        "english_stemmer",
    ]
    assert "medical_synonyms" not in analysis["analyzer"]["english_index"]["filter"]
    synonyms = analysis["filter"]["medical_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert "myocardial infarction, heart attack, mi, coronary thrombosis" in synonyms["synonyms"]
    assert "hypertension, high blood pressure, hbp" in synonyms["synonyms"]
    assert analysis["filter"]["english_stemmer"] == {"type": "stemmer", "language": "english"}


def test_mappings_per_content_type():
    education = versioned_index("education", version="1", groups=GROUPS).to_dict()
    posts = versioned_index("group_post", version="1", groups=GROUPS).to_dict()
    fields = education["mappings"]["properties"]
    assert fields["title"]["search_analyzer"] == "english_search"
    assert fields["title"]["fields"]["plain"]["analyzer"] == "english_index"
    assert fields["forum_id"] == {"type": "integer"}
    assert fields["kind"] == {"type": "keyword"}
    assert fields["suggest"]["type"] == "completion"
    assert "suggest" not in posts["mappings"]["properties"], "posts never feed suggestions"


def test_versioned_index_names_sit_behind_aliases():
    assert alias_name("group_post") == "portal-group-post"
    index = versioned_index("education", version="20261121", groups=GROUPS)
    assert index._name == "portal-education-20261121"


# --- Queries -------------------------------------------------------------------------------
def request_for(text: str, **kwargs) -> SearchRequest:
    return SearchRequest(query=parsed(text), readable_forum_ids=frozenset({3, 1}), **kwargs)


def test_query_expands_synonyms_as_phrases_and_is_fuzzy():
    body = build_search(request_for("heart attack"), indices=["a"]).to_dict()
    clause = body["query"]["bool"]["must"][0]["bool"]["must"][0]["bool"]["should"]
    phrases = {q["multi_match"]["query"] for q in clause if "multi_match" in q}
    assert {"heart attack", "myocardial infarction", "coronary thrombosis"} <= phrases
    assert all(q["multi_match"]["type"] == "phrase" for q in clause if "multi_match" in q)
    single = build_search(request_for("asthma"), indices=["a"]).to_dict()
    text = json.dumps(single)
    assert '"fuzziness": "AUTO"' in text
    assert "query_string" not in text and "simple_query_string" not in text


def test_query_filters_posts_by_readable_forums():
    body = build_search(request_for("asthma"), indices=["a"]).to_dict()
    assert body["query"]["bool"]["filter"] == [visibility_filter(frozenset({1, 3})).to_dict()]
    assert visibility_filter(frozenset({3, 1})).to_dict() == {
        "bool": {
            "should": [
                {"bool": {"must_not": [{"exists": {"field": "forum_id"}}]}},
                {"terms": {"forum_id": [1, 3]}},
            ],
            "minimum_should_match": 1,
        }
    }


def test_query_facets_sort_and_pagination():
    request = request_for("asthma", kind="blog", condition_id=7, sort=SORT_DATE, offset=20)
    body = build_search(request, indices=["a"]).to_dict()
    assert body["post_filter"] == {
        "bool": {"filter": [{"term": {"kind": "blog"}}, {"term": {"condition_ids": 7}}]}
    }
    assert body["aggs"]["kinds"]["filter"] == {"term": {"condition_ids": 7}}
    assert body["aggs"]["conditions"]["filter"] == {"term": {"kind": "blog"}}
    assert body["sort"][0] == {"published_at": {"order": "desc"}}
    assert (body["from"], body["size"]) == (20, 10)
    assert body["track_total_hits"] is True
    assert body["highlight"]["pre_tags"] == ["\ue000"]


def test_relaxed_query_matches_any_clause():
    query = parsed("asthma inhaler")
    strict = build_search(SearchRequest(query=query, readable_forum_ids=frozenset()), indices=[])
    assert len(strict.to_dict()["query"]["bool"]["must"][0]["bool"]["must"]) == 2
    from dataclasses import replace

    relaxed_query = replace(query, require_all=False)
    relaxed = build_search(
        SearchRequest(query=relaxed_query, readable_forum_ids=frozenset()), indices=[]
    ).to_dict()
    inner = relaxed["query"]["bool"]["must"][0]["bool"]
    assert inner["minimum_should_match"] == 1 and len(inner["should"]) == 2


def test_suggest_uses_the_completion_field():
    body = build_suggest("asth", limit=5, indices=["portal-education"]).to_dict()
    completion = body["suggest"]["titles"]["completion"]
    assert body["suggest"]["titles"]["prefix"] == "asth"
    assert completion["field"] == "suggest" and completion["size"] == 5


# --- Client calls against a fake server -----------------------------------------------------
class FakeElasticsearch:
    """Records requests and answers like Elasticsearch 8 (with the product header)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str]] = []
        self.search_response: dict = {}
        self.aliases: dict[str, list[str]] = {}

    def __call__(self, request):
        body = request.get_data(as_text=True)
        self.requests.append((request.method, request.path, body))
        path, method = request.path, request.method
        if path == "/_bulk":
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            items = [
                {next(iter(line)): {"status": 200, "_id": line[next(iter(line))]["_id"]}}
                for line in lines
                if next(iter(line)) in ("index", "delete")
            ]
            return self.reply({"took": 1, "errors": False, "items": items})
        if path.endswith("/_search"):
            return self.reply(self.search_response)
        if path.startswith("/_alias/") and method in ("GET", "HEAD"):
            name = path.rsplit("/", 1)[1]
            current = self.aliases.get(name)
            if not current:
                return self.reply({"error": "alias missing", "status": 404}, status=404)
            return self.reply({index: {"aliases": {name: {}}} for index in current})
        if path == "/_aliases":
            return self.reply({"acknowledged": True})
        if method == "HEAD":
            return self.reply({}, status=404)
        return self.reply({"acknowledged": True, "index": path.strip("/")})

    @staticmethod
    def reply(data: dict, status: int = 200) -> Response:
        return Response(
            json.dumps(data),
            status=status,
            headers={"X-Elastic-Product": "Elasticsearch", "Content-Type": "application/json"},
        )

    def paths(self, method: str | None = None) -> list[str]:
        return [p for m, p, _ in self.requests if method is None or m == method]


@pytest.fixture
def fake(httpserver):
    server = FakeElasticsearch()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(server)
    return server


@pytest.fixture
def backend(fake, httpserver):
    return ElasticsearchBackend(client=Elasticsearch(httpserver.url_for("/")))


def a_document(key="page:1", kind="education", **fields) -> IndexDocument:
    values = {
        "title": "Asthma",
        "url": "/education/asthma/",
        "published_at": datetime(2026, 1, 2, tzinfo=UTC),
        "body": "Inhalers.",
        "last_reviewed": date(2026, 1, 1),
        "review_due": date(2027, 1, 1),
        **fields,
    }
    return IndexDocument(key=key, kind=kind, **values)


@pytest.mark.django_db
def test_first_write_creates_versioned_indices_behind_aliases(backend, fake):
    backend.upsert([a_document()])
    created = [p for p in fake.paths("PUT") if re.fullmatch(r"/portal-[a-z-]+-\d+", p)]
    assert len(created) == 4
    aliases = [p for p in fake.paths("PUT") if "/_alias/" in p]
    assert sorted(p.rsplit("/", 1)[1] for p in aliases) == [
        "portal-blog",
        "portal-education",
        "portal-group-post",
        "portal-physician",
    ]
    bulk = [b for m, p, b in fake.requests if p == "/_bulk"][-1].splitlines()
    assert json.loads(bulk[0]) == {"index": {"_index": "portal-education", "_id": "page:1"}}
    source = json.loads(bulk[1])
    assert source["suggest"] == {"input": ["Asthma"]}
    assert source["forum_id"] is None and source["last_reviewed"] == "2026-01-01"


@pytest.mark.django_db
def test_delete_removes_the_key_from_every_alias(backend, fake):
    fake.aliases = {
        alias_name(k): [f"{alias_name(k)}-1"]
        for k in ("education", "blog", "physician", "group_post")
    }
    backend.delete(["post:9"])
    bulk = [b for m, p, b in fake.requests if p == "/_bulk"][-1].splitlines()
    actions = [json.loads(line)["delete"] for line in bulk]
    assert {a["_index"] for a in actions} == set(backend.aliases)
    assert {a["_id"] for a in actions} == {"post:9"}


@pytest.mark.django_db
def test_rebuild_swaps_aliases_atomically_and_drops_old_indices(backend, fake):
    fake.aliases = {
        alias_name(k): [f"{alias_name(k)}-old"]
        for k in ("education", "blog", "physician", "group_post")
    }
    count = backend.rebuild(iter([a_document(), a_document("post:2", "group_post", forum_id=4)]))
    assert count == 2
    swap = [json.loads(b) for m, p, b in fake.requests if p == "/_aliases"]
    assert len(swap) == 1, "one atomic alias update"
    actions = swap[0]["actions"]
    assert {"remove": {"index": "portal-education-old", "alias": "portal-education"}} in actions
    added = [a["add"] for a in actions if "add" in a]
    assert {a["alias"] for a in added} == set(backend.aliases)
    deleted = [p for m, p, _ in fake.requests if m == "DELETE"]
    assert sorted(deleted) == sorted(f"/{alias}-old" for alias in backend.aliases)
    # The bulk load went to the new versioned indices, before the swap.
    bulk_index = next(i for i, (m, p, _) in enumerate(fake.requests) if p == "/_bulk")
    swap_index = next(i for i, (m, p, _) in enumerate(fake.requests) if p == "/_aliases")
    assert bulk_index < swap_index


@pytest.mark.django_db
def test_search_parses_hits_facets_and_escapes_highlights(backend, fake):
    fake.search_response = {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_index": "portal-education-1",
                    "_id": "page:1",
                    "_score": 1.0,
                    "_source": {
                        "key": "page:1",
                        "kind": "education",
                        "title": "Asthma",
                        "url": "/education/asthma/",
                        "summary": "s",
                        "context": "",
                        "published_at": "2026-01-02T00:00:00+00:00",
                        "last_reviewed": "2026-01-01",
                        "review_due": "2027-01-01",
                    },
                    "highlight": {"body": ["Use <b> \ue000inhalers\ue001 daily"]},
                }
            ],
        },
        "aggregations": {
            "kinds": {
                "doc_count": 1,
                "values": {"buckets": [{"key": "education", "doc_count": 1}]},
            },
            "conditions": {"doc_count": 1, "values": {"buckets": [{"key": 5, "doc_count": 1}]}},
        },
    }
    results = backend.search(request_for("inhalers"))
    assert results.total == 1
    assert results.kind_counts == {"education": 1}
    assert results.condition_counts == {5: 1}
    hit = results.hits[0]
    assert str(hit.snippet) == "Use &lt;b&gt; <mark>inhalers</mark> daily"
    assert hit.last_reviewed == date(2026, 1, 1)
    sent = json.loads([b for m, p, b in fake.requests if p.endswith("/_search")][-1])
    assert sent["query"]["bool"]["filter"][0]["bool"]["should"][1] == {
        "terms": {"forum_id": [1, 3]}
    }
    search_path = [p for p in fake.paths() if p.endswith("/_search")][-1]
    assert search_path.startswith(
        "/portal-education,portal-physician,portal-blog,portal-group-post"
    )


@pytest.mark.django_db
def test_held_post_canary_is_deleted_never_sent(settings, fake, httpserver, committed):
    """On the Elasticsearch code path too, a held post's text never leaves the database."""
    from machina.apps.forum_conversation.models import Post

    from search import backends
    from tests.factories import UserFactory
    from tests.forums.conftest import make_group, make_topic

    settings.PORTAL_SEARCH_BACKEND = "tests.search.test_elasticsearch_backend.FakeBackedES"
    FakeBackedES.url = httpserver.url_for("/")
    backends._cache.clear()
    try:
        with committed():
            topic = make_topic(
                make_group("ES group"), poster=UserFactory(), subject="Ok", text="ok"
            )
            Post.objects.create(
                topic=topic, poster=topic.poster, subject="Re", content="Escanary", approved=False
            )
    finally:
        backends._cache.clear()
    sent = " ".join(b for m, p, b in fake.requests if p == "/_bulk")
    assert "Escanary" not in sent
    assert "post:" in sent  # the held post was deleted from the index, by key only


@pytest.fixture
def es_backend(settings, fake, httpserver):
    """The whole app on the Elasticsearch back-end, talking to the fake server."""
    from search import backends

    settings.PORTAL_SEARCH_BACKEND = "tests.search.test_elasticsearch_backend.FakeBackedES"
    FakeBackedES.url = httpserver.url_for("/")
    backends._cache.clear()
    yield fake
    backends._cache.clear()


def test_canaries_in_drafts_pages_in_review_and_rejected_posts_are_never_sent(
    es_backend, make_education, committed
):
    from machina.apps.forum_conversation.models import Post

    from tests.factories import UserFactory
    from tests.forums.conftest import make_group, make_topic

    make_education("Reviewcanary", submit_only=True)
    make_education("Vettedpage")
    with committed():
        topic = make_topic(make_group("G"), poster=UserFactory(), subject="Rejectcanary", text="x")
    with committed():
        post = Post.objects.get(topic=topic)
        post.approved = False
        post.save()
    bulks = [b for m, p, b in es_backend.requests if p == "/_bulk"]
    assert "Vettedpage" in " ".join(bulks)
    # The rejected post was sent once while approved, then deleted by key.
    last = [json.loads(line) for line in bulks[-1].splitlines()]
    assert all("delete" in action for action in last)
    assert "Reviewcanary" not in " ".join(bulks)


@pytest.mark.django_db
def test_private_group_posts_are_filtered_out_for_outsiders(es_backend, client):
    from django.urls import reverse

    from forums.models import GroupKind
    from tests.forums.conftest import make_group

    public = make_group("Public")
    private = make_group("Private", kind=GroupKind.PRIVATE)
    es_backend.search_response = {
        "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
        "aggregations": {
            "kinds": {"doc_count": 0, "values": {"buckets": []}},
            "conditions": {"doc_count": 0, "values": {"buckets": []}},
        },
    }
    assert client.get(reverse("search"), {"q": "privatecanary"}).status_code == 200
    sent = [json.loads(b) for m, p, b in es_backend.requests if p.endswith("/_search")]
    readable = sent[0]["query"]["bool"]["filter"][0]["bool"]["should"][1]["terms"]["forum_id"]
    assert readable == [public.forum_id]
    assert private.forum_id not in readable


class FakeBackedES(ElasticsearchBackend):
    url = ""

    def __init__(self) -> None:
        super().__init__(client=Elasticsearch(self.url))
