"""Fuzzed queries never produce a 500: any text, any parameter, is a 200 or a 400."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import parse_query
from search.synonyms import shipped_groups
from search.text import words
from tests.fixtures_site import make_home_page
from tests.search.conftest import indexed

pytestmark = pytest.mark.django_db

# Any characters but lone surrogates (which cannot be sent in a URL at all).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
syntaxy = st.lists(
    st.sampled_from(
        [
            '"',
            "'",
            "*",
            ":",
            "(",
            ")",
            "^",
            "-",
            "+",
            "~",
            "AND",
            "OR",
            "NOT",
            "NEAR",
            "{",
            "}",
            "[",
            "]",
            "\\",
            "/",
            "%",
            "_",
            "\x00",
            "\u202e",
            "é",
            "ﬁ",
            "heart",
            "attack",
            " ",
        ]
    ),
    max_size=40,
).map("".join)
fuzz_settings = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def searchable(db):
    make_home_page()
    indexed(3, word="heart")


@fuzz_settings
@given(q=st.one_of(any_text, syntaxy))
def test_any_query_is_a_200_or_a_400(client, searchable, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code in (200, 400)


@fuzz_settings
@given(q=syntaxy, page=any_text, kind=any_text, sort=any_text, condition=any_text)
def test_any_parameters_are_a_200_or_a_400(client, searchable, q, page, kind, sort, condition):
    params = {"q": q, "page": page, "type": kind, "sort": sort, "condition": condition}
    response = client.get(reverse("search"), params)
    assert response.status_code in (200, 400)


@fuzz_settings
@given(q=st.one_of(any_text, syntaxy))
def test_any_suggestion_prefix_is_a_200_or_a_400(client, searchable, q):
    response = client.get(reverse("search_suggest"), {"q": q})
    assert response.status_code in (200, 400)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(any_text, syntaxy))
def test_parsed_queries_hold_only_words(text):
    """What reaches a back-end is made of word tokens only, never operators."""
    groups = [list(g) for g in shipped_groups()]
    parsed = parse_query(text, groups=groups, corrections={})
    for clause in parsed.clauses:
        for phrase in clause:
            for token in phrase:
                assert words(token) == [token]
