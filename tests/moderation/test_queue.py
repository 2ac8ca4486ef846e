"""One queue: crisis first, then by urgency and age, with waiting times; claims; approve,
reject (soft delete, reason emailed), redact (original kept for moderators), lock, slow mode,
bulk decisions; every action audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post, Topic

from forums.moderation.models import ItemKind, ItemStatus, ModerationItem, Redaction
from forums.moderation.services import (
    ModerationError,
    item_approve,
    item_claim,
    item_reject,
    items_bulk_decide,
    post_hold,
    post_redact,
    topic_slow_mode_set,
)
from portal.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.helpers import count_queries, form_token
from tests.moderation.conftest import live_reply, reply_url, send

pytestmark = pytest.mark.django_db


def _held(world, text: str, kind: str, *, age_minutes: int = 0) -> ModerationItem:
    post = live_reply(world, poster=world["member"], text=text)
    item = post_hold(post=post, kind=kind)
    ModerationItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - timedelta(minutes=age_minutes)
    )
    return item


def test_the_queue_puts_crisis_first_then_urgency_then_age(client, world):
    old_phi = _held(world, "old phone post", ItemKind.PHI, age_minutes=300)
    new_member = _held(world, "hello there", ItemKind.NEW_MEMBER, age_minutes=600)
    crisis = _held(world, "new crisis", ItemKind.CRISIS, age_minutes=1)
    young_phi = _held(world, "young phone post", ItemKind.PHI, age_minutes=5)
    client.force_login(world["moderator"])
    response = client.get(reverse("moderation_queue"))
    order = [item.pk for item in response.context["page"].object_list]
    assert order == [crisis.pk, old_phi.pk, young_phi.pk, new_member.pk]
    html = response.content.decode()
    assert "5\xa0hours" in html  # how long the oldest personal-information item has waited


def test_the_queue_page_query_count_does_not_grow_with_items(client, world):
    client.force_login(world["moderator"])
    _held(world, "one", ItemKind.PHI)
    few = count_queries(client, reverse("moderation_queue"))
    for index in range(10):
        _held(world, f"more {index}", ItemKind.WATCHED)
    assert count_queries(client, reverse("moderation_queue")) == few


def test_only_moderators_see_the_queue_and_items(client, world):
    item = _held(world, "held", ItemKind.PHI)
    client.force_login(world["member"])
    for url in (reverse("moderation_queue"), reverse("moderation_item", args=[item.pk])):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("moderation_decide", args=[item.pk]),
        {"decision": "approve", **form_token(client, "moderation.decide")},
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_machinas_queue_addresses_lead_to_the_portal_queue(client, world):
    item = _held(world, "held", ItemKind.NEW_MEMBER)
    client.force_login(world["moderator"])
    for path in (
        "/groups/moderation/queue/",
        f"/groups/moderation/queue/{item.post_id}/",
        f"/groups/moderation/queue/{item.post_id}/disapprove/",
    ):
        response = client.post(path)
        assert response.status_code in (301, 302)
        assert response["Location"] == reverse("moderation_queue")
    assert Post.objects.filter(pk=item.post_id).exists()


def test_a_claim_is_held_by_one_moderator_until_it_lapses(world, settings):
    item = _held(world, "held", ItemKind.PHI)
    second = with_mfa(UserFactory(roles=["Moderator"]))
    assert item_claim(item_id=item.pk, moderator=world["moderator"]) is True
    assert item_claim(item_id=item.pk, moderator=second) is False
    with pytest.raises(ModerationError, match="is working on this item"):
        item_approve(item_id=item.pk, moderator=second)
    later = timezone.now() + timedelta(seconds=settings.PORTAL_MODERATION_CLAIM_SECONDS + 1)
    assert item_claim(item_id=item.pk, moderator=second, now=later) is True
    item.refresh_from_db()
    assert item.claimed_by == second
    assert item.first_action_at is not None


def test_approving_publishes_the_post_and_is_audited(client, world):
    item = _held(world, "held reply", ItemKind.NEW_MEMBER)
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_decide", args=[item.pk]),
        {"decision": "approve", **form_token(client, "moderation.decide")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    item.post.refresh_from_db()
    assert item.status == ItemStatus.APPROVED
    assert item.post.approved is True
    assert AuditEvent.objects.filter(action="moderation.approve", target_id=str(item.pk)).exists()


def test_rejecting_soft_deletes_and_emails_the_reason_without_the_text(
    client, world, django_capture_on_commit_callbacks
):
    item = _held(world, "Secret words only the author wrote", ItemKind.PHI)
    client.force_login(world["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation_decide", args=[item.pk]),
            {
                "decision": "reject",
                "reason": "It named another member's address.",
                **form_token(client, "moderation.decide"),
            },
        )
    assert response.status_code == 302
    post = Post.objects.get(pk=item.post_id)  # still stored: nothing is hard-deleted
    assert post.approved is False
    item.refresh_from_db()
    assert item.status == ItemStatus.REJECTED
    assert item.reason == "It named another member's address."
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world["member"].email]
    assert "It named another member's address." in email.body
    assert "Secret words" not in email.body
    event = AuditEvent.objects.get(action="moderation.reject")
    assert event.actor == world["moderator"]


def test_rejecting_without_a_reason_is_refused_and_changes_nothing(client, world):
    item = _held(world, "held", ItemKind.PHI)
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_decide", args=[item.pk]),
        {"decision": "reject", **form_token(client, "moderation.decide")},
    )
    assert response.status_code == 400  # the item again, the error by the reason field
    assert "Give the member a reason." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    with pytest.raises(ModerationError):
        item_reject(item_id=item.pk, moderator=world["moderator"], reason="  ")


def test_a_rejected_topic_disappears_with_its_first_post(world):
    topic = world["topic"]
    item = post_hold(post=topic.first_post, kind=ItemKind.WATCHED)
    item_reject(item_id=item.pk, moderator=world["moderator"], reason="Spam")
    topic = Topic.objects.get(pk=topic.pk)
    assert topic.approved is False
    assert Post.objects.filter(topic=topic).exists()


def test_redaction_keeps_the_original_for_moderators_only(client, world):
    text = "Call me on 555 201 3344 after six"
    item = _held(world, text, ItemKind.PHI)
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_redact", args=[item.pk]),
        {
            "text": "Call me [number removed by a moderator] after six",
            "approve": "on",
            **form_token(client, "moderation.redact"),
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(pk=item.post_id)
    assert str(post.content) == "Call me [number removed by a moderator] after six"
    assert post.approved is True
    assert Redaction.objects.get(post=post).original == text
    # Moderators see the original on the item; readers and the author do not.
    item_page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "555 201 3344" in item_page
    forum, topic = world["forum"], world["topic"]
    topic_url = reverse(
        "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    client.force_login(world["member"])
    assert "555 201 3344" not in client.get(topic_url).content.decode()
    assert "number removed" in client.get(topic_url).content.decode()
    assert AuditEvent.objects.filter(action="moderation.redact").count() == 1


def test_an_empty_or_unchanged_redaction_is_refused(world):
    item = _held(world, "some text", ItemKind.PHI)
    for text in ("   ", "some text"):
        with pytest.raises(ModerationError):
            post_redact(item_id=item.pk, moderator=world["moderator"], text=text)
    assert not Redaction.objects.exists()


def test_a_locked_topic_refuses_replies(client, world):
    item = _held(world, "held", ItemKind.PHI)
    client.force_login(world["moderator"])
    client.post(reverse("moderation_topic", args=[item.pk]), {"action": "lock"})
    topic = Topic.objects.get(pk=world["topic"].pk)
    assert topic.is_locked
    client.force_login(world["other"])
    response = send(client, reply_url(world), "one more thing")
    assert response.status_code == 403
    assert not Post.objects.filter(content="one more thing").exists()


def test_slow_mode_refuses_a_second_reply_too_soon_and_keeps_the_text(client, world):
    topic_slow_mode_set(topic=world["topic"], moderator=world["moderator"], seconds=600)
    client.force_login(world["member"])
    assert send(client, reply_url(world), "first reply").status_code == 302
    response = send(client, reply_url(world), "second reply too soon")
    assert response.status_code == 200
    html = response.content.decode()
    assert "slow mode" in html
    assert "second reply too soon" in html
    assert not Post.objects.filter(content="second reply too soon").exists()


def test_slow_mode_out_of_range_is_refused(world):
    with pytest.raises(ModerationError):
        topic_slow_mode_set(topic=world["topic"], moderator=world["moderator"], seconds=-5)


def test_bulk_reject_skips_items_another_moderator_holds(world):
    items = [_held(world, f"spam {index}", ItemKind.WATCHED) for index in range(4)]
    second = with_mfa(UserFactory(roles=["Moderator"]))
    item_claim(item_id=items[0].pk, moderator=second)
    result = items_bulk_decide(
        item_ids=[item.pk for item in items],
        moderator=world["moderator"],
        approve=False,
        reason="Advertising",
    )
    assert result == {"done": 3, "skipped": 1, "crisis": 0}
    statuses = list(
        ModerationItem.objects.filter(pk__in=[i.pk for i in items])
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [ItemStatus.OPEN] + [ItemStatus.REJECTED] * 3
    assert Post.objects.filter(pk__in=[i.post_id for i in items]).count() == 4


def test_bulk_approve_through_the_queue(client, world):
    items = [_held(world, f"fine {index}", ItemKind.NEW_MEMBER) for index in range(3)]
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_bulk"),
        {"items": [str(item.pk) for item in items], "decision": "approve"},
    )
    assert response.status_code == 302
    assert Post.objects.filter(pk__in=[i.post_id for i in items], approved=True).count() == 3


def test_a_failed_crisis_email_loses_nothing(world, settings, django_capture_on_commit_callbacks):
    """The item stays first in the queue and the failure is in the audit log."""
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        item = _held(world, "I want to die", ItemKind.CRISIS)
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    assert item.alerted_at is None
    assert AuditEvent.objects.filter(action="moderation.crisis_alert_failed").exists()


def test_the_queue_says_when_a_crisis_alert_was_not_sent(
    client, world, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _held(world, "alerted crisis: I want to die", ItemKind.CRISIS)
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        _held(world, "unalerted crisis: I want to die", ItemKind.CRISIS)
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_queue")).content.decode()
    assert html.count("On-call alert not sent") == 1


def test_readers_see_that_a_topic_is_locked_or_in_slow_mode(client, world):
    from forums.moderation.services import topic_lock

    forum, topic = world["forum"], world["topic"]
    url = reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk])
    topic_slow_mode_set(topic=topic, moderator=world["moderator"], seconds=600)
    assert "Slow mode" in client.get(url).content.decode()
    assert "10 minutes" in client.get(url).content.decode()
    topic_lock(topic=Topic.objects.get(pk=topic.pk), moderator=world["moderator"], locked=True)
    assert "This topic is locked" in client.get(url).content.decode()


def test_bulk_actions_without_items_or_without_a_reason_are_refused(client, world):
    """Nothing selected, or a bulk reject with no reason: a clear message, nothing changes."""
    items = [_held(world, f"held {index}", ItemKind.WATCHED) for index in range(2)]
    client.force_login(world["moderator"])
    response = client.post(reverse("moderation_bulk"), {"decision": "approve"}, follow=True)
    assert "Select at least one item." in response.content.decode()
    response = client.post(
        reverse("moderation_bulk"),
        {"items": [str(item.pk) for item in items], "decision": "reject"},
        follow=True,
    )
    assert "Give the members a reason." in response.content.decode()
    assert set(
        ModerationItem.objects.filter(pk__in=[i.pk for i in items]).values_list("status", flat=True)
    ) == {ItemStatus.OPEN}
