"""A query with crisis language: the crisis resources come first on the results page and in
the suggestions, and no word of the query is corrected into another."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums.moderation.models import CrisisPhrase
from search.backends import get_backend
from search.documents import vocabulary_of
from search.selectors import query_parse
from search.services import query_crisis
from tests.search.conftest import indexed

pytestmark = pytest.mark.django_db

PANEL = "have to face this alone"


def indexed_with_words(n: int, *, word: str) -> None:
    """Synthetic documents whose words are known to the spelling corrector."""
    documents = indexed(n, word=word)
    for document in documents:
        document.vocabulary = vocabulary_of(document)
    get_backend().upsert(documents)


def page_html(client, query: str) -> str:
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def suggestions(client, query: str) -> list[dict]:
    response = client.get(reverse("search_suggest"), {"q": query})
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_crisis_panel_comes_before_the_results(client):
    indexed(3, word="lonely")
    html = page_html(client, "lonely want to die")
    assert PANEL in html and 'href="tel:988"' in html
    assert html.index(PANEL) < html.index("results-heading") < html.index("Lonely document")


def test_crisis_panel_is_shown_when_nothing_is_found(client):
    html = page_html(client, "i want to kill myself")
    assert html.index(PANEL) < html.index("No results.")


def test_an_ordinary_query_has_no_crisis_panel(client):
    indexed(2, word="asthma")
    assert PANEL not in page_html(client, "asthma inhaler")
    assert all(not s.get("crisis") for s in suggestions(client, "asthma"))


def test_the_crisis_line_is_the_first_suggestion(client):
    indexed(2, word="suicide")
    found = suggestions(client, "suicide")
    assert found[0]["crisis"] is True
    assert found[0]["url"] == "tel:988"
    assert "988" in found[0]["text"]
    assert [s["text"] for s in found[1:]] == ["Suicide document 0", "Suicide document 1"]


def test_a_crisis_query_with_no_titles_still_suggests_the_crisis_line(client):
    found = suggestions(client, "self-harm")
    assert len(found) == 1 and found[0]["crisis"] is True


def test_a_typo_looking_crisis_word_is_never_corrected(client):
    """'selfharm' is close enough to the indexed 'selfcare' to be corrected, were it not
    crisis language."""
    indexed_with_words(2, word="selfcare")
    assert query_parse(text="selfharm").corrections == {"selfharm": "selfcare"}  # the risk
    response = client.get(reverse("search"), {"q": "selfharm"})
    assert response.context["corrections"] == {}
    html = response.content.decode()
    assert "Also searching for" not in html and "Selfcare document" not in html
    assert html.index(PANEL) < html.index("results-heading")
    assert "for “selfharm”" in html


def test_no_word_of_a_crisis_query_is_corrected(client):
    indexed_with_words(2, word="medicine")
    assert query_parse(text="medicin overdose").corrections == {"medicin": "medicine"}
    response = client.get(reverse("search"), {"q": "medicin want to die"})
    assert response.context["corrections"] == {}


def test_moderators_crisis_phrases_count_in_search_and_are_not_corrected(client):
    # An invented word, not in the built-in lexicon (which knows "sewerslide" by now).
    indexed_with_words(2, word="bluebird")
    assert query_parse(text="bluebrid").corrections == {"bluebrid": "bluebird"}
    assert PANEL not in page_html(client, "bluebrid")
    CrisisPhrase.objects.create(phrase="bluebrid")
    response = client.get(reverse("search"), {"q": "bluebrid"})
    assert response.context["corrections"] == {}
    assert PANEL in response.content.decode()
    assert suggestions(client, "bluebrid")[0]["crisis"] is True


@pytest.mark.parametrize(
    "query",
    ["suicide prevention training", "suicide hotline", "suicidal thoughts", "self harm scars"],
)
def test_any_mention_of_suicide_or_self_harm_shows_the_resources(query):
    """In a search box, naming the subject is reason enough to show the crisis line."""
    assert query_crisis(text=query)


@pytest.mark.parametrize("query", ["asthma", "heart attack", "killer whale", "harm reduction"])
def test_ordinary_queries_are_not_crisis(query):
    assert not query_crisis(text=query)
