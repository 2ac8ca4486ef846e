"""Recall when the source is unpublished or its review becomes overdue, deletion from the
channel, and click counting from the portal's UTM parameters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from syndication.factories import ChannelFactory
from syndication.models import DeliveryStatus, Platform, SyndicationPost
from syndication.services import (
    TransitionRefused,
    delivery_decide,
    delivery_remove,
    post_compose,
    post_submit,
)
from syndication.sweep import syndication_sweep
from tests.syndication.fakes import FakeMastodon

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_post(httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks):
    fake = FakeMastodon(httpserver)
    channel = ChannelFactory(platform=Platform.MASTODON, base_url=httpserver.url_for("/")[:-1])
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[channel]), actor=editor
    )
    with django_capture_on_commit_callbacks(execute=True):
        delivery_decide(delivery=post.deliveries.get(), actor=reviewer, approve=True)
    post.fake = fake
    return post


def test_unpublishing_the_source_flags_its_published_posts(live_post, vetted_page):
    """Posts already out are flagged for recall, once, and audited."""
    vetted_page.unpublish()
    live_post.refresh_from_db()
    assert live_post.recall_flagged_at is not None
    assert live_post.recall_reason == "The source page was unpublished."
    assert AuditEvent.objects.filter(action="syndication.post.recall_flagged").count() == 1


def test_unpublishing_the_source_voids_approvals_not_yet_sent(
    vetted_page, editor, reviewer, mastodon
):
    """An approved, scheduled post whose page goes offline returns to draft."""
    post = post_compose(
        source=vetted_page,
        actor=editor,
        channels=[mastodon],
        scheduled_at=timezone.now() + timedelta(hours=2),
    )
    post_submit(post=post, actor=editor)
    delivery_decide(delivery=post.deliveries.get(), actor=reviewer, approve=True)
    vetted_page.unpublish()
    post.refresh_from_db()
    assert post.status == "draft" and post.deliveries.get().status == DeliveryStatus.DRAFT


def test_overdue_review_flags_published_posts_in_the_sweep(live_post, vetted_page):
    """When the page's medical review falls due, the sweep flags its posts."""
    from education.models import MedicalReview

    assert syndication_sweep().recalled == []
    MedicalReview.objects.filter(page=vetted_page).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )
    assert syndication_sweep().recalled == [vetted_page.pk]
    live_post.refresh_from_db()
    assert "overdue" in live_post.recall_reason
    assert syndication_sweep().recalled == [], "flagged once"


def test_editor_deletes_a_flagged_post_from_the_channel(client, live_post, editor, vetted_page):
    """Deleting calls the platform's API, marks the delivery removed and audits who did it."""
    vetted_page.unpublish()
    delivery = live_post.deliveries.get()
    client.force_login(editor)
    client.post(reverse("syndication_remove", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REMOVED and live_post.fake.posts == 0
    event = AuditEvent.objects.get(action="syndication.delivery.removed")
    assert event.actor_id == editor.pk and event.data["remote_id"] == delivery.remote_id


def test_compliance_cannot_delete_from_channels(live_post, compliance_user):
    """Deleting is an editor's (or administrator's) action."""
    from syndication.gates import GateRefused

    with pytest.raises(GateRefused):
        delivery_remove(delivery=live_post.deliveries.get(), actor=compliance_user)


def test_a_failed_delete_keeps_the_post_published(live_post, editor, httpserver):
    """If the platform refuses, nothing is marked removed."""
    from syndication.adapters.base import PermanentError

    delivery = live_post.deliveries.get()
    live_post.fake.statuses.clear()  # the platform no longer knows it: 404
    with pytest.raises(PermanentError):
        delivery_remove(delivery=delivery, actor=editor)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED


def test_only_published_posts_can_be_deleted(vetted_page, editor, mastodon):
    """A draft has nothing on the channel to delete."""
    post = post_compose(source=vetted_page, actor=editor, channels=[mastodon])
    with pytest.raises(TransitionRefused):
        delivery_remove(delivery=post.deliveries.get(), actor=editor)


def test_visits_with_our_utm_parameters_are_counted_per_channel(client, live_post, vetted_page):
    """A visit from the post's link adds one click to that channel only, in one UPDATE."""
    delivery = live_post.deliveries.get()
    path_and_query = delivery.link.split("://", 1)[1].split("/", 1)[1]
    client.get("/" + path_and_query)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/" + path_and_query)
    assert response.status_code == 200
    updates = [q["sql"] for q in queries if "syndication_delivery" in q["sql"]]
    assert len(updates) == 1 and updates[0].startswith("UPDATE")
    delivery.refresh_from_db()
    assert delivery.clicks == 2


def test_other_visits_are_not_counted(client, live_post, vetted_page):
    """No UTM, someone else's campaign, or our tags on another page: nothing counted."""
    delivery = live_post.deliveries.get()
    client.get(vetted_page.url)
    client.get(vetted_page.url + "?utm_medium=social&utm_campaign=spring&utm_content=channel-1")
    ours = f"utm_campaign=synd-{live_post.pk}&utm_content=channel-{delivery.channel_id}"
    client.get("/?utm_medium=social&" + ours)  # the home page, not the post's page
    delivery.refresh_from_db()
    assert delivery.clicks == 0


def test_clicks_are_shown_next_to_the_post(client, live_post, editor):
    """The queue shows each channel's click count."""
    from syndication.models import Delivery

    Delivery.objects.filter(post=live_post).update(clicks=7)
    client.force_login(editor)
    assert "7 clicks" in client.get(reverse("syndication_queue")).content.decode()
    assert SyndicationPost.objects.count() == 1
