"""Against a real Elasticsearch: synonyms, typos and visibility end to end. Runs whenever
ELASTICSEARCH_URL is set (each run uses its own index prefix and deletes it afterwards)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from search.backends.base import SearchRequest
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import IndexDocument
from search.query import parse_query
from search.synonyms import shipped_groups

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not ELASTICSEARCH_URL,
        reason="elasticsearch: integration tests need ELASTICSEARCH_URL "
        "(e.g. http://127.0.0.1:9200); no Elasticsearch server is configured here.",
    ),
]


@pytest.fixture
def backend(settings):
    settings.PORTAL_SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    client = Elasticsearch(ELASTICSEARCH_URL, request_timeout=30)
    backend = ElasticsearchBackend(client=client)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    backend.rebuild(
        [
            IndexDocument(
                "page:1",
                "education",
                "Recovering from a myocardial infarction",
                "/mi/",
                now,
                body="Cardiac rehabilitation after infarction.",
            ),
            IndexDocument(
                "page:2",
                "education",
                "Managing hypertension",
                "/htn/",
                now,
                body="Hypertension has no symptoms.",
            ),
            IndexDocument(
                "page:3", "education", "Asthma action plans", "/asthma/", now, body="Inhalers."
            ),
            IndexDocument(
                "post:1",
                "group_post",
                "Private canary",
                "/g/1/",
                now,
                body="Privatecanary words",
                forum_id=99,
            ),
        ]
    )
    yield backend
    # Wildcard deletes are refused by default (action.destructive_requires_name).
    names = list(client.indices.get(index=f"{settings.PORTAL_SEARCH_INDEX_PREFIX}-*").body)
    client.indices.delete(index=",".join(names))


def titles(backend, text: str, forums=frozenset()) -> list[str]:
    query = parse_query(text, groups=[list(g) for g in shipped_groups()], corrections={})
    results = backend.search(SearchRequest(query=query, readable_forum_ids=forums))
    return [hit.title for hit in results.hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("heart attack", "Recovering from a myocardial infarction"),
        ("high blood pressure", "Managing hypertension"),
        ("hypertenshun", "Managing hypertension"),
        ("asthmma", "Asthma action plans"),
    ],
)
def test_synonyms_and_typos_find_the_expected_page_first(backend, text, expected):
    assert titles(backend, text)[:1] == [expected]


def test_private_posts_only_for_readers_of_their_forum(backend):
    assert titles(backend, "privatecanary") == []
    assert titles(backend, "privatecanary", forums=frozenset({99})) == ["Private canary"]


def test_suggestions_come_from_titles(backend):
    assert [s.text for s in backend.suggest("asth", limit=5)] == ["Asthma action plans"]
