"""What patients look for: anonymous query logs, the editors' reports and promoted results."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.accounts.roles import Role
from search.models import Promotion, QueryLogEntry
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return with_mfa(UserFactory(email="search-editor@example.test", roles=[Role.EDITOR]))


def test_the_zero_results_report_lists_a_query_just_made(client, client_factory, editor):
    patient = UserFactory(email="patient@example.test")
    client.force_login(patient)
    assert client.get(reverse("search"), {"q": "Glowing toenails"}).status_code == 200
    staff = client_factory()
    staff.force_login(editor)
    response = staff.get(reverse("search_report_zero"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "glowing toenails" in html
    assert "patient@example.test" not in html


def test_top_searches_counts_searches_and_results(client, client_factory, editor):
    from tests.search.conftest import indexed

    indexed(12, word="popular")
    for _ in range(3):
        client.get(reverse("search"), {"q": "Popular"})
    client.get(reverse("search"), {"q": "popular", "page": 2})  # paging is not a new search
    entry = QueryLogEntry.objects.get(query="popular")
    assert (entry.searches, entry.zero_result_searches, entry.last_result_count) == (3, 0, 12)
    staff = client_factory()
    staff.force_login(editor)
    html = staff.get(reverse("search_report_top")).content.decode()
    assert "popular" in html
    assert "glowing" not in html


def test_the_log_holds_no_identity_and_no_contact_details(client):
    """Only the query, the day and counts; emails and phone numbers typed are redacted."""
    client.force_login(UserFactory(email="someone@example.test"))
    client.get(reverse("search"), {"q": "jane@example.org rash call 555-123-4567"})
    fields = {f.name for f in QueryLogEntry._meta.get_fields()}
    assert fields == {
        "id",
        "query",
        "day",
        "searches",
        "zero_result_searches",
        "last_result_count",
    }
    assert list(QueryLogEntry.objects.values_list("query", flat=True)) == [
        "redacted rash call redacted"
    ]


def test_staff_without_the_report_permission_cannot_read_the_reports(client):
    """A moderator reaches the admin but not the search reports (patients never reach it)."""
    client.force_login(with_mfa(UserFactory(email="p@example.test", roles=[Role.MODERATOR])))
    assert_denied(client.get(reverse("search_report_zero")))
    assert_denied(client.get(reverse("search_report_top")))


def test_promoted_results_show_first_only_while_the_page_is_indexed(
    client, make_education, committed
):
    page = make_education("Foot care guide", text="Keep feet dry.")
    Promotion.objects.create(query="  Glowing   TOENAILS ", page=page, description="Start here.")
    response = client.get(reverse("search"), {"q": "glowing toenails"})
    promoted = response.context["promoted"]
    assert [p.title for p in promoted] == ["Foot care guide"]
    assert "Start here." in response.content.decode()
    with committed():
        page.unpublish()
    response = client.get(reverse("search"), {"q": "glowing toenails"})
    assert response.context["promoted"] == []


def test_editors_manage_promotions_in_the_admin(client, editor, make_education):
    page = make_education("Promotable")
    client.force_login(editor)
    url = reverse("wagtailsnippets_portal_search_promotion:add")
    response = client.post(
        url, {"query": "Toe care", "page": page.pk, "description": "", "sort_order": 0}
    )
    assert response.status_code == 302, response.content[:2000]
    assert Promotion.objects.get().query == "toe care"
