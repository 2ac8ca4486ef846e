"""Every page type keeps a constant number of SQL queries when the site grows tenfold."""

from __future__ import annotations

import pytest
from django.urls import reverse

from education.models import EducationIndexPage
from physicians.models import PhysicianIndexPage
from portal.home.models import HomePageFeaturedItem
from tests.factories import ConditionFactory, UserFactory
from tests.fixtures_site import make_home_page
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

# Upper bounds, so a regression that adds queries is caught even when it is constant.
BUDGETS = {"home": 10, "education": 10, "physicians": 12, "search": 14, "groups": 6}


def _site():
    home = make_home_page()
    education = EducationIndexPage(title="Education", slug="education")
    home.add_child(instance=education)
    education.save_revision().publish()
    physicians = PhysicianIndexPage(title="Physicians", slug="physicians")
    home.add_child(instance=physicians)
    physicians.save_revision().publish()
    HomePageFeaturedItem.objects.create(page=home, link_page=education, sort_order=0)
    return home


def _grow(count: int) -> None:
    for _ in range(count):
        ConditionFactory()
        UserFactory()


URLS = {
    "home": "/",
    "education": "/education/",
    "physicians": "/physicians/",
    "search": reverse("search") + "?q=education",
    "groups": reverse("forum:index"),
}


@pytest.mark.parametrize("name", sorted(URLS))
def test_query_count_is_constant_when_data_grows_tenfold(client, name):
    """Same queries with 3 and with 30 conditions and users, within the page's budget."""
    _site()
    _grow(3)
    small = count_queries(client, URLS[name])
    _grow(27)
    large = count_queries(client, URLS[name])
    assert large == small
    assert small <= BUDGETS[name], f"{name} makes {small} queries"


@pytest.mark.parametrize("name", sorted(URLS))
def test_query_count_is_the_same_for_a_logged_in_patient(client, name):
    """The account menu does not add per-user queries as data grows."""
    _site()
    client.force_login(UserFactory(roles=["Patient"]))
    _grow(3)
    small = count_queries(client, URLS[name])
    _grow(27)
    assert count_queries(client, URLS[name]) == small
