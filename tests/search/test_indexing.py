"""Index maintenance: full rebuilds, moves, and that plain saves never reach the index."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search.documents import page_key
from search.models import SearchDocument, SearchTerm
from tests.forums.conftest import make_group, make_topic

pytestmark = pytest.mark.django_db


def test_rebuild_indexes_exactly_what_the_signals_index(make_education, reviewers, committed):
    from tests.factories import UserFactory

    page = make_education("Rebuilt page", text="Rebuildword.")
    with committed():
        reviewers["physician"].save_revision().publish()
        make_topic(make_group("Rebuild group"), poster=UserFactory(), subject="S", text="T")
    before = set(SearchDocument.objects.values_list("key", "title", "url"))
    SearchDocument.objects.create(
        key="page:999999",
        kind="education",
        title="Stale",
        url="/x/",
        published_at=page.first_published_at,
    )
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(SearchDocument.objects.values_list("key", "title", "url")) == before
    assert SearchTerm.objects.filter(term="rebuildword", documents=1).exists()


def test_a_plain_save_of_a_draft_does_not_change_the_index(make_education, reviewers):
    page = make_education("Saved page", text="Savedword.")
    page.title = "Changed in a draft"
    page.save_revision(user=reviewers["editor"])
    page.save()
    assert SearchDocument.objects.get(key=page_key(page.pk)).title == "Saved page"


def test_moving_a_page_updates_its_url(make_education, library, site_pages, committed):
    from education.factories import EducationIndexPageFactory

    page = make_education("Moving page")
    other = EducationIndexPageFactory(parent=site_pages["home"], title="Other", slug="other")
    with committed():
        page.move(other, pos="last-child")
    assert SearchDocument.objects.get(key=page_key(page.pk)).url.startswith("/other/")


def test_typo_vocabulary_forgets_unpublished_words(make_education, committed):
    """Words of a page that left the index are never offered as corrections."""
    page = make_education("Vocabulary page", text="Quixotically.")
    assert SearchTerm.objects.filter(term="quixotically").exists()
    with committed():
        page.unpublish()
    assert not SearchTerm.objects.filter(term="quixotically").exists()


def test_a_groups_new_condition_reaches_its_posts(committed):
    from portal.taxonomy.factories import ConditionFactory
    from tests.factories import UserFactory

    with committed():
        group = make_group("Facet group")
        make_topic(group, poster=UserFactory(), subject="S", text="T")
    condition = ConditionFactory(name="Gout")
    with committed():
        group.condition = condition
        group.save()
    document = SearchDocument.objects.get(kind="group_post")
    assert list(document.conditions.values_list("name", flat=True)) == ["Gout"]
