"""Drafts, pages in review, unpublished and private pages never appear in the library."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from education.factories import EducationPageFactory
from tests.education.conftest import draft_page
from tests.factories import ConditionFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

HIDDEN = [b"Draftcanary", b"Reviewcanary", b"Unpublishedcanary", b"Privatecanary"]


@pytest.fixture
def world(library, editor):
    condition = ConditionFactory(name="Asthma", slug="asthma")
    live = EducationPageFactory(parent=library, title="Livecanary", conditions=[condition])
    for title in ("Draftcanary", "Reviewcanary"):
        page = draft_page(library, editor, title=title, slug=title.lower())
        page.conditions.set([condition])
        page.save_revision(user=editor)
    review = library.get_children().get(slug="reviewcanary").specific
    review.get_workflow().start(review, editor)
    gone = EducationPageFactory(parent=library, title="Unpublishedcanary", conditions=[condition])
    gone.unpublish()
    private = EducationPageFactory(parent=library, title="Privatecanary", conditions=[condition])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {"library": library, "condition": condition, "live": live}


def test_hidden_pages_never_appear_in_a_to_z_hubs_or_sitemap(client, world):
    """Only the live, public page is listed anywhere."""
    urls = [world["library"].url, world["condition"].get_absolute_url(), "/sitemap.xml"]
    for url in urls:
        content = client.get(url).content
        for canary in HIDDEN:
            assert canary not in content, (url, canary)
    assert b"Livecanary" in client.get(world["library"].url).content
    assert b"Livecanary" in client.get(world["condition"].get_absolute_url()).content


def test_a_to_z_groups_by_first_letter(client, library):
    """Pages are listed under their initial; digits go under #."""
    EducationPageFactory(parent=library, title="Blood pressure basics")
    EducationPageFactory(parent=library, title="2 minute guide")
    content = client.get(library.url).content.decode()
    assert '<h3 id="letter-B">B</h3>' in content
    assert '<h3 id="letter-#">#</h3>' in content
    assert content.index('letter-B">B') < content.index("Blood pressure basics")


def test_unknown_condition_hub_is_a_404(client, library):
    """A made-up slug is not found."""
    assert client.get("/education/conditions/no-such-condition/").status_code == 404


def test_hub_gathers_education_pages_and_physician_posts(
    client, library, site_pages, make_physician
):
    """The condition hub shows both kinds of live content for its condition."""
    from physicians.factories import BlogPostPageFactory

    condition = ConditionFactory(
        name="Hypertension", slug="hypertension", lay_synonyms="high blood pressure"
    )
    EducationPageFactory(parent=library, title="Hypertension explained", conditions=[condition])
    BlogPostPageFactory(
        parent=site_pages["blog"],
        title="A physician on BP",
        author=make_physician(),
        conditions=[condition],
    )
    content = client.get(condition.get_absolute_url()).content
    assert b"Hypertension explained" in content
    assert b"A physician on BP" in content
    assert b"high blood pressure" in content


def test_education_page_and_hub_query_counts_are_constant(client, library):
    """Ten times more pages: the same number of queries on a page and on its hub."""
    condition = ConditionFactory()
    pages = [EducationPageFactory(parent=library, conditions=[condition]) for _ in range(3)]
    urls = {"page": pages[0].url, "hub": condition.get_absolute_url(), "index": library.url}
    small = {name: count_queries(client, url) for name, url in urls.items()}
    for _ in range(27):
        EducationPageFactory(parent=library, conditions=[condition])
    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert large == small
    assert small["page"] <= 16 and small["hub"] <= 14 and small["index"] <= 12, small
