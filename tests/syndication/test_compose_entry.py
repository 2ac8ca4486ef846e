"""Where composing starts: a Compose button on the queue and the dashboard for those who may
compose, and a page picker offering only live, vetted pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


def test_queue_and_dashboard_offer_compose_to_editors(client, editor):
    """Editors see 'Compose a social post' on the queue and on the admin dashboard."""
    client.force_login(editor)
    start = reverse("syndication_compose_start")
    assert f'href="{start}"' in client.get(reverse("syndication_queue")).content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-social-posts-panel" in dashboard and f'href="{start}"' in dashboard


def test_reviewers_see_what_awaits_approval_but_no_compose(client, reviewer, submitted):
    """Compliance reviewers get the count awaiting approval, and no Compose button."""
    client.force_login(reviewer)
    start = reverse("syndication_compose_start")
    assert f'href="{start}"' not in client.get(reverse("syndication_queue")).content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 social post awaiting approval" in dashboard and f'href="{start}"' not in dashboard
    assert_denied(client.get(start))


def test_compose_picker_lists_only_live_vetted_pages(client, editor, vetted_page):
    """The vetted page is offered (and found by title); an unreviewed draft is not."""
    from tests.education.conftest import draft_page

    library = vetted_page.get_parent()
    unvetted = draft_page(library, editor, title="Draft about asthma", summary="Not reviewed.")
    client.force_login(editor)
    content = client.get(reverse("syndication_compose_start")).content.decode()
    assert reverse("syndication_compose", args=[vetted_page.pk]) in content
    assert reverse("syndication_compose", args=[unvetted.pk]) not in content
    assert reverse("syndication_compose", args=[library.pk]) not in content
    found = client.get(reverse("syndication_compose_start"), {"q": "asthma"}).content.decode()
    assert reverse("syndication_compose", args=[vetted_page.pk]) in found
    none = client.get(reverse("syndication_compose_start"), {"q": "zzz"}).content.decode()
    assert "No live, reviewed page matches" in none
