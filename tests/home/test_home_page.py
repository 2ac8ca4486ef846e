"""The home page: featured slots show only live, public pages; queries stay constant."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from portal.home.models import FEATURED_SLOTS, HomePageFeaturedItem
from tests.factories import ConditionFactory
from tests.fixtures_site import add_simple_page, make_home_page
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _feature(home, page, order: int = 0) -> None:
    HomePageFeaturedItem.objects.create(page=home, link_page=page, sort_order=order)


def test_featured_live_page_is_shown(client):
    """A live, public featured page appears with its title and link."""
    home = make_home_page()
    _feature(home, add_simple_page(home, "Library"))
    response = client.get("/")
    assert response.status_code == 200
    assert b'href="/library/"' in response.content


def test_drafts_and_private_pages_are_never_featured(client):
    """An unpublished or login-restricted page in a slot is left out."""
    home = make_home_page()
    draft = add_simple_page(home, "Draft secret", live=False)
    private = add_simple_page(home, "Private secret")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    _feature(home, draft, 0)
    _feature(home, private, 1)
    content = client.get("/").content
    assert b"Draft secret" not in content
    assert b"Private secret" not in content


def test_unpublishing_a_featured_page_removes_it(client):
    """A page unpublished after being featured disappears from the slot."""
    home = make_home_page()
    page = add_simple_page(home, "Soon gone")
    _feature(home, page)
    page.unpublish()
    assert b"Soon gone" not in client.get("/").content


def test_shows_the_crisis_line_and_disclaimer(client):
    """Every page carries the crisis line (988 by default) and the medical disclaimer."""
    make_home_page()
    content = client.get("/").content.decode()
    assert 'href="tel:988"' in content
    assert "Medical disclaimer" in content
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content


def test_query_count_is_constant_as_content_grows_tenfold(client):
    """Ten times more conditions and pages, the same number of queries."""
    home = make_home_page()
    for index in range(3):
        ConditionFactory()
        _feature(home, add_simple_page(home, f"Page {index}"), index)
    small = count_queries(client, "/")
    for index in range(3, 30):
        ConditionFactory()
        page = add_simple_page(home, f"Page {index}")
        if index < FEATURED_SLOTS:
            _feature(home, page, index)
    large = count_queries(client, "/")
    assert large == small
    assert small <= 12, f"home page makes {small} queries"
