"""Syndication demo data: two demo channels on the local fake platform and posts in
several states, all reached through the real services; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from syndication.checks import channel_credentials
from syndication.models import Channel, DeliveryStatus, PostStatus, SyndicationPost

pytestmark = pytest.mark.django_db


def test_demo_has_two_fake_channels_and_posts_in_several_states(settings, monkeypatch):
    """Awaiting approval, approved and scheduled, published (with a link), failed."""
    monkeypatch.delenv("PORTAL_DEMO_SOCIAL_TOKEN", raising=False)
    settings.DEBUG = True
    call_command("load_demo_data")
    channels = Channel.objects.filter(is_demo=True)
    assert channels.count() == 2
    assert all(c.base_url.startswith("http://127.0.0.1:8099") for c in channels)
    posts = SyndicationPost.objects.filter(is_demo=True)
    assert {p.status for p in posts} == {
        PostStatus.AWAITING_APPROVAL,
        PostStatus.APPROVED,
        PostStatus.PUBLISHED,
        PostStatus.ATTENTION,
    }
    published = posts.get(status=PostStatus.PUBLISHED)
    assert all(
        d.remote_url.startswith("http://127.0.0.1:8099/@demo/") for d in published.deliveries.all()
    )
    failed = posts.get(status=PostStatus.ATTENTION).deliveries.get()
    assert failed.status == DeliveryStatus.FAILED and "401" in failed.status_reason
    scheduled = posts.get(status=PostStatus.APPROVED)
    assert scheduled.scheduled_at is not None
    assert set(scheduled.deliveries.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    assert channel_credentials() == [], "demo channels use the fake's public token"
    call_command("load_demo_data")
    assert SyndicationPost.objects.filter(is_demo=True).count() == posts.count()


def test_fake_server_command_refuses_without_debug(settings):
    """The fake platform is a demo tool only."""
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("syndication_fake_server", port=0)


def test_sweep_command_reports(db):
    """manage.py syndication_sweep runs the sweep."""
    from io import StringIO

    out = StringIO()
    call_command("syndication_sweep", stdout=out)
    assert "Expired 0, sent 0" in out.getvalue()
