"""Relevance on the database back-end: patients' words, clinicians' words and typos find
the expected pages first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.taxonomy.factories import ConditionFactory
from tests.search.conftest import result_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def library_pages(make_education):
    psoriasis = ConditionFactory(name="Psoriasis", lay_synonyms="scaly skin\nskin plaques")
    make_education(
        "Recovering from a myocardial infarction",
        text="After a myocardial infarction, cardiac rehabilitation helps recovery.",
    )
    make_education(
        "Managing hypertension",
        text="Hypertension often has no symptoms. Measure it at home.",
    )
    make_education(
        "Type 2 diabetes mellitus: the basics",
        text="Diabetes mellitus means glucose stays too high in the blood.",
    )
    make_education("Panic attacks", text="A panic attack can feel like your heart is racing.")
    make_education("Asthma action plans", text="Asthma plans list your inhalers.")
    make_education("Living with psoriasis", text="Psoriasis flares come and go.")
    make_education("Healthy eating", text="Fruit has natural sugars; blood tests check levels.")
    return {"psoriasis": psoriasis}


def top(client, query: str, n: int = 1) -> list[str]:
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return result_titles(response)[:n]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Patients' words (shipped synonym list).
        ("heart attack", "Recovering from a myocardial infarction"),
        ("what happens after a heart attack", "Recovering from a myocardial infarction"),
        ("high blood pressure", "Managing hypertension"),
        ("sugar", "Type 2 diabetes mellitus: the basics"),
        # A condition's lay synonyms, edited in the admin.
        ("scaly skin", "Living with psoriasis"),
        # Clinicians' words still work.
        ("myocardial infarction", "Recovering from a myocardial infarction"),
        ("hypertension", "Managing hypertension"),
        # Typos.
        ("diabetis", "Type 2 diabetes mellitus: the basics"),
        ("hypertenshun", "Managing hypertension"),
        ("asthmma", "Asthma action plans"),
        ("myocardal infarction", "Recovering from a myocardial infarction"),
        ("psoriasys", "Living with psoriasis"),
        # A typo inside a lay phrase.
        ("hart attack", "Recovering from a myocardial infarction"),
    ],
)
def test_expected_page_comes_first(client, library_pages, query, expected):
    assert top(client, query) == [expected]


def test_a_lay_phrase_does_not_match_its_words_apart(client, library_pages):
    """'heart attack' finds the infarction page first, never the panic-attack page first."""
    titles = top(client, "heart attack", n=5)
    assert titles[0] == "Recovering from a myocardial infarction"


def test_corrections_are_shown(client, library_pages):
    response = client.get(reverse("search"), {"q": "diabetis"})
    assert response.context["corrections"] == {"diabetis": "diabetes"}
    assert "you typed “diabetis”" in response.content.decode()


def test_a_new_lay_synonym_works_without_a_restart(client, library_pages, committed):
    psoriasis = library_pages["psoriasis"]
    assert top(client, "flaky patches") == []
    with committed():
        psoriasis.lay_synonyms += "\nflaky patches"
        psoriasis.save()
    assert top(client, "flaky patches") == ["Living with psoriasis"]
