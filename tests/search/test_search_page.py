"""The search page: types, snippets, review dates, facets, sort, pagination, suggestions,
and every input a 200 or a 400."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from education.models import MedicalReview
from portal.taxonomy.factories import ConditionFactory
from search.services import search_sync_pages
from tests.fixtures_site import make_home_page
from tests.forums.conftest import make_group, make_topic
from tests.helpers import count_queries
from tests.search.conftest import indexed, result_titles

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response


def test_results_show_type_title_snippet_and_last_reviewed_date(client, make_education):
    page = make_education("Living with asthma", text="Use your inhaler before exercise.")
    review = MedicalReview.objects.get(page=page)
    html = search(client, q="inhaler").content.decode()
    assert "Health information" in html
    assert f'<a href="{page.url}">Living with asthma</a>' in html
    assert "<mark>inhaler</mark>" in html
    assert "Medically reviewed · Last reviewed" in html
    assert review.reviewed_on.strftime("%Y-%m-%d") in html


def test_a_page_overdue_for_review_is_never_labelled_reviewed(client, make_education):
    """Still found (it is live and vetted), but shown as due for review."""
    page = make_education("Overdue page", text="Overdueword advice.")
    MedicalReview.objects.filter(page=page).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )
    search_sync_pages(page_ids=[page.pk])
    html = search(client, q="overdueword").content.decode()
    assert "Overdue page" in html
    assert "Medically reviewed" not in html
    assert "due for review" in html


def test_snippets_are_escaped_with_only_our_marks(client, committed):
    poster_group = make_group("Escape group")
    from tests.factories import UserFactory

    with committed():
        make_topic(
            poster_group,
            poster=UserFactory(),
            subject="Markup",
            text="if a < b & c then snippetword <script>alert(1)</script>",
        )
    html = search(client, q="snippetword").content.decode()
    assert "<mark>snippetword</mark>" in html
    assert "<script>alert" not in html


def test_type_facet_counts_and_filters(client):
    indexed(3, word="facetword", kind="education")
    indexed(2, word="facetword", kind="blog")
    response = search(client, q="facetword")
    facets = {f["label"]: f["count"] for f in response.context["kind_facets"]}
    assert facets == {"Health information": 3, "Physician blog post": 2}
    response = search(client, q="facetword", type="blog")
    assert response.context["results"].total == 2
    assert all(hit.kind == "blog" for hit, _ in response.context["hits"])
    # The type facet still offers the other type, with its count.
    assert {f["label"]: f["count"] for f in response.context["kind_facets"]} == facets


def test_condition_facet_counts_and_filters(client):
    asthma = ConditionFactory(name="Asthma")
    gout = ConditionFactory(name="Gout")
    indexed(2, word="condword", conditions=[asthma])
    indexed(1, word="condword", kind="blog", conditions=[gout])
    response = search(client, q="condword")
    facets = {f["label"]: f["count"] for f in response.context["condition_facets"]}
    assert facets == {"Asthma": 2, "Gout": 1}
    response = search(client, q="condword", condition=gout.pk)
    assert result_titles(response) == ["Condword document 0"]
    assert {f["label"]: f["count"] for f in response.context["kind_facets"]} == {
        "Physician blog post": 1
    }


def test_sort_by_date_puts_the_newest_first(client):
    indexed(3, word="sortword")
    titles = result_titles(search(client, q="sortword", sort="date"))
    assert titles == ["Sortword document 0", "Sortword document 1", "Sortword document 2"]


def test_pagination(client):
    indexed(13, word="pageword")
    first = search(client, q="pageword")
    assert len(first.context["hits"]) == 10
    assert first.context["pagination"]["pages"] == 2
    second = search(client, q="pageword", page=2)
    assert len(second.context["hits"]) == 3
    beyond = search(client, q="pageword", page=9)
    assert beyond.context["pagination"]["number"] == 2
    seen = {hit.key for hit, _ in first.context["hits"] + second.context["hits"]}
    assert len(seen) == 13


def test_result_page_query_count_is_constant(client):
    """The results page costs the same number of queries for 3 or 30 matching documents."""
    from tests.factories import UserFactory

    make_home_page()
    asthma = ConditionFactory(name="Asthma")
    poster = UserFactory()
    make_topic(make_group("Group 0"), poster=poster, subject="countword", text="countword")
    indexed(3, word="countword", conditions=[asthma])
    url = reverse("search") + "?q=countword&page=1"
    small = count_queries(client, url)
    indexed(30, word="countword", kind="blog", conditions=[asthma, ConditionFactory()])
    for n in range(1, 4):
        make_topic(make_group(f"Group {n}"), poster=poster, subject="countword", text="countword")
    assert count_queries(client, url) == small


def test_suggestions_endpoint(client, make_education):
    make_education("Asthma action plan")
    make_education("Asthma in children")
    make_education("Eczema basics")
    response = client.get(reverse("search_suggest"), {"q": "asth"})
    assert response.status_code == 200
    data = response.json()["suggestions"]
    assert [s["text"] for s in data] == ["Asthma action plan", "Asthma in children"]
    assert data[0]["kind"] == "Health information"
    assert data[0]["url"].startswith("/")
    assert client.get(reverse("search_suggest"), {"q": "a"}).json() == {"suggestions": []}
    assert client.get(reverse("search_suggest"), {"q": "x" * 257}).status_code == 400


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 257, b"256 characters or fewer"),
        ("bad\x00byte", b"Null characters are not allowed"),
    ],
)
def test_bad_queries_are_a_400_with_a_clear_message(client, query, message):
    """Over-long or unsearchable input gets a form error, not a 500."""
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 400
    assert message in response.content


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "AND OR NOT", "*:*", "title:(", "a" * 256, "  ", "NEAR(a b)", "col:x^2"],
)
def test_query_syntax_is_never_interpreted(client, query):
    """Operators and query syntax are plain text: a normal page, never a 500."""
    make_home_page()
    indexed(1, word="near")
    assert client.get(reverse("search"), {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "params", [{"page": "x"}, {"page": "0"}, {"page": "101"}, {"type": "secret"}, {"sort": "x"}]
)
def test_bad_parameters_are_a_400(client, params):
    assert client.get(reverse("search"), {"q": "a", **params}).status_code == 400
