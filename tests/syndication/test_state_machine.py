"""The state machines themselves: every transition outside the tables is refused, and
the transitions not exercised elsewhere (cancel, expire, edit an expired post, a gate
failing while a retry waits) are."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from syndication.factories import ChannelFactory
from syndication.models import Delivery, DeliveryStatus, Platform, PostStatus, StepMode
from syndication.services import (
    DELIVERY_TRANSITIONS,
    POST_TRANSITIONS,
    TransitionRefused,
    _move_delivery,
    _move_post,
    delivery_decide,
    post_cancel,
    post_compose,
    post_submit,
    post_update,
)
from syndication.sweep import syndication_sweep
from tests.syndication.fakes import FakeMastodon

pytestmark = pytest.mark.django_db
D, P = DeliveryStatus, PostStatus


def test_tables_cover_every_status():
    """No status is missing from either table."""
    assert set(POST_TRANSITIONS) == set(PostStatus.values)
    assert set(DELIVERY_TRANSITIONS) == set(DeliveryStatus.values)


def test_every_post_transition_outside_the_table_is_refused(draft):
    """All from/to pairs not in the table raise and change nothing."""
    refused = [
        (a, b) for a, b in itertools.product(P.values, P.values) if b not in POST_TRANSITIONS[a]
    ]
    assert len(refused) > 40
    for before, after in refused:
        type(draft).objects.filter(pk=draft.pk).update(status=before)
        draft.refresh_from_db()
        with pytest.raises(TransitionRefused):
            _move_post(draft, after, actor=None)
        draft.refresh_from_db()
        assert draft.status == before


def test_every_delivery_transition_outside_the_table_is_refused(draft):
    """All from/to pairs not in the table raise and change nothing."""
    delivery = draft.deliveries.get()
    refused = [
        (a, b) for a, b in itertools.product(D.values, D.values) if b not in DELIVERY_TRANSITIONS[a]
    ]
    assert len(refused) > 90
    for before, after in refused:
        Delivery.objects.filter(pk=delivery.pk).update(status=before)
        delivery.refresh_from_db()
        with pytest.raises(TransitionRefused):
            _move_delivery(delivery, after, actor=None)
        delivery.refresh_from_db()
        assert delivery.status == before


def test_cancelling_an_approved_post_cancels_its_queued_deliveries(draft, editor, reviewer):
    """approved → cancelled; queued → cancelled; nothing is sent afterwards."""
    submitted = draft
    post_update(
        post=submitted, actor=editor, texts={}, scheduled_at=timezone.now() + timedelta(hours=1)
    )
    post_submit(post=submitted, actor=editor)
    delivery = submitted.deliveries.get()
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    post_cancel(post=submitted, actor=editor)
    delivery.refresh_from_db()
    submitted.refresh_from_db()
    assert (submitted.status, delivery.status) == (P.CANCELLED, D.CANCELLED)
    syndication_sweep(now=timezone.now() + timedelta(hours=2))
    delivery.refresh_from_db()
    assert delivery.status == D.CANCELLED


def test_partially_approved_channel_returns_to_draft_on_edit(
    vetted_page, editor, reviewer, mastodon
):
    """approved (one channel) → draft when the post is edited before the other approves."""
    waiting = ChannelFactory(steps=[(StepMode.ALL, [reviewer])], platform=Platform.BLUESKY)
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[mastodon, waiting]),
        actor=editor,
    )
    first = post.deliveries.get(channel=mastodon)
    delivery_decide(delivery=first, actor=reviewer, approve=True)
    first.refresh_from_db()
    assert first.status == D.APPROVED and post.status == P.AWAITING_APPROVAL
    post_update(post=post, actor=editor, texts={mastodon.pk: "Reworded."})
    first.refresh_from_db()
    assert first.status == D.DRAFT


def test_expiry_by_the_sweep_then_edit_and_resubmit(draft, editor, reviewer):
    """awaiting → expired (sweep) → draft (edited with a new time) → awaiting again."""
    post_update(
        post=draft, actor=editor, texts={}, scheduled_at=timezone.now() + timedelta(minutes=10)
    )
    post_submit(post=draft, actor=editor)
    assert syndication_sweep(now=timezone.now() + timedelta(minutes=11)).expired == [draft.pk]
    draft.refresh_from_db()
    assert draft.status == P.EXPIRED
    post_update(post=draft, actor=editor, texts={}, scheduled_at=timezone.now() + timedelta(days=1))
    draft.refresh_from_db()
    assert draft.status == P.DRAFT
    assert post_submit(post=draft, actor=editor).status == P.AWAITING_APPROVAL


def test_an_expired_post_can_be_cancelled(draft, editor):
    """expired → cancelled."""
    post_update(
        post=draft, actor=editor, texts={}, scheduled_at=timezone.now() + timedelta(minutes=1)
    )
    post_submit(post=draft, actor=editor)
    syndication_sweep(now=timezone.now() + timedelta(minutes=2))
    assert post_cancel(post=draft, actor=editor).status == P.CANCELLED


def test_a_gate_failing_while_a_retry_waits_stops_the_delivery(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """retry_wait → failed: the page's review fell due before the retry."""
    from education.models import MedicalReview

    fake = FakeMastodon(httpserver)
    fake.faults.queue.append((503, {}, {"error": "maintenance"}))
    channel = ChannelFactory(platform=Platform.MASTODON, base_url=httpserver.url_for("/")[:-1])
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[channel]), actor=editor
    )
    delivery = post.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    delivery.refresh_from_db()
    assert delivery.status == D.RETRY_WAIT
    MedicalReview.objects.filter(page=vetted_page).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )
    syndication_sweep(now=timezone.now() + timedelta(hours=1))
    delivery.refresh_from_db()
    assert delivery.status == D.FAILED and "medical review is overdue" in delivery.status_reason
    assert fake.posts == 0
    post.refresh_from_db()
    assert post.status == P.ATTENTION
