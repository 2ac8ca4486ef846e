"""Closing a crisis item: an outcome note is required (service and form, never a 500), bulk
decisions skip crisis items and say so, and rejecting a crisis post sends a supportive
message with the resources instead of the generic rejection. Every step is audited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from forums.moderation.models import ItemKind, ItemStatus, MemberMessage, MemberMessageKind
from forums.moderation.services import (
    OutcomeNoteRequired,
    item_approve,
    item_reject,
    items_bulk_decide,
    post_hold,
)
from portal.audit.models import AuditEvent
from tests.helpers import form_token
from tests.moderation.conftest import live_reply
from tests.moderation.crisis_helpers import POST_TEXT, crisis_item

pytestmark = pytest.mark.django_db

GENERIC_SUBJECT = "Your support-group post was not published"


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_the_service_refuses_to_close_a_crisis_item_without_an_outcome_note(world, decide):
    item = crisis_item(world)
    with pytest.raises(OutcomeNoteRequired):
        if decide == "approve":
            item_approve(item_id=item.pk, moderator=world["moderator"], outcome_note="  ")
        else:
            item_reject(item_id=item.pk, moderator=world["moderator"], reason="Unsafe")
    item.refresh_from_db()
    assert (item.status, item.post.approved, item.claimed_by) == (ItemStatus.OPEN, False, None)
    assert not AuditEvent.objects.filter(action=f"moderation.{decide}").exists()


def test_an_outcome_note_closes_the_item_and_is_audited(world):
    item = crisis_item(world)
    item_approve(
        item_id=item.pk, moderator=world["moderator"], outcome_note="Prevention talk; no risk."
    )
    item.refresh_from_db()
    assert (item.status, item.outcome_note) == (ItemStatus.APPROVED, "Prevention talk; no risk.")
    event = AuditEvent.objects.get(action="moderation.approve", target_id=str(item.pk))
    assert event.data["outcome_note"] == "Prevention talk; no risk."


def test_other_items_still_close_without_a_note(world):
    post = live_reply(world, poster=world["member"], text="Demo: new here")
    item = post_hold(post=post, kind=ItemKind.NEW_MEMBER)
    item_approve(item_id=item.pk, moderator=world["moderator"])
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_the_form_shows_a_clear_error_without_an_outcome_note(client, world, decision):
    item = crisis_item(world)
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_decide", args=[item.pk]),
        {
            "decision": decision,
            "reason": "Unsafe for the group",
            **form_token(client, "moderation.decide"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write an outcome note before closing a crisis item" in html
    assert 'aria-invalid="true"' in html
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_the_form_with_a_note_closes_the_item(client, world):
    item = crisis_item(world)
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_decide", args=[item.pk]),
        {
            "decision": "approve",
            "outcome_note": "Past-tense recovery story.",
            **form_token(client, "moderation.decide"),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED


def test_approving_after_a_redaction_needs_the_note_too(client, world):
    item = crisis_item(world)
    client.force_login(world["moderator"])
    client.post(
        reverse("moderation_redact", args=[item.pk]),
        {"text": "Demo: redacted", "approve": "on", **form_token(client, "moderation.redact")},
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_bulk_decisions_skip_crisis_items_and_say_so(client, world):
    crisis = crisis_item(world)
    post = live_reply(world, poster=world["member"], text="Demo: buy cheap pills")
    spam = post_hold(post=post, kind=ItemKind.WATCHED)
    result = items_bulk_decide(
        item_ids=[crisis.pk, spam.pk], moderator=world["moderator"], approve=False, reason="Spam"
    )
    assert result == {"done": 1, "skipped": 0, "crisis": 1}
    crisis.refresh_from_db()
    assert crisis.status == ItemStatus.OPEN
    other_crisis = crisis_item(world, text="Demo: another crisis post")
    client.force_login(world["moderator"])
    response = client.post(
        reverse("moderation_bulk"), {"items": [other_crisis.pk], "decision": "approve"}, follow=True
    )
    assert "1 crisis item(s) were not decided" in response.content.decode()
    other_crisis.refresh_from_db()
    assert other_crisis.status == ItemStatus.OPEN


def test_rejecting_a_crisis_post_sends_a_supportive_message_not_the_generic_notice(
    client, world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item_reject(
            item_id=item.pk,
            moderator=world["moderator"],
            reason="We could not publish it safely.",
            outcome_note="Message of concern sent; risk low.",
        )
    [email] = mail.outbox
    assert email.subject != GENERIC_SUBJECT
    assert "You did nothing wrong by reaching out" in email.body
    assert "You do not have to face this alone" in email.body
    assert "988" in email.body
    assert "We could not publish it safely." in email.body
    message = MemberMessage.objects.get(recipient=world["member"])
    assert message.kind == MemberMessageKind.CRISIS_REJECTION
    for text in ("Zephyrquartz", "blue tin", POST_TEXT):
        assert text not in email.body and text not in email.subject
        assert text not in message.body and text not in message.subject
    assert AuditEvent.objects.filter(
        action="moderation.crisis_rejection_sent", actor=world["moderator"]
    ).exists()
    client.force_login(world["member"])
    html = client.get(reverse("moderation_message", args=[message.pk])).content.decode()
    assert "You did nothing wrong by reaching out" in html


def test_rejecting_an_ordinary_post_still_sends_the_generic_notice(
    world, django_capture_on_commit_callbacks
):
    post = live_reply(world, poster=world["member"], text="Demo: buy cheap pills")
    item = post_hold(post=post, kind=ItemKind.WATCHED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item_reject(item_id=item.pk, moderator=world["moderator"], reason="Spam")
    [email] = mail.outbox
    assert email.subject == GENERIC_SUBJECT
    assert not MemberMessage.objects.exists()
