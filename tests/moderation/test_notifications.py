"""Moderation emails: reporters hear the outcome (neutral, no text, no other reporters);
a sanctioned member is told what, why, until when, what they can still do and how to
appeal; mandatory notices reach people who unsubscribed; a failed email loses nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from forums.models import GroupKind, MemberProfile
from forums.moderation.checks import moderation_contact
from forums.moderation.models import ItemStatus, ModerationItem, Sanction, SanctionKind
from forums.moderation.services import (
    item_approve,
    item_reject,
    member_sanction,
    post_redact,
    post_report,
)
from portal.audit.models import AuditEvent
from portal.core.models import DEFAULT_CRISIS_TEXT
from portal.notifications.services import preferences_update
from tests.forums.conftest import make_group, make_topic
from tests.moderation.conftest import live_reply, trusted_member
from tests.notifications.email_checks import assert_safe_email, sent_to

pytestmark = pytest.mark.django_db

POST_TEXT = "Canarypost stop your insulin"
NOTE = "Canarynote my neighbour wrote this"


@pytest.fixture
def reported(world):
    """A live post reported by two members, each with a private note."""
    post = live_reply(world, poster=world["member"], text=POST_TEXT)
    reporters = [world["other"], trusted_member(world["group"])]
    for reporter in reporters:
        post_report(post=post, reporter=reporter, category="misinformation", note=NOTE)
    item = ModerationItem.objects.get(post=post, status=ItemStatus.OPEN)
    mail.outbox.clear()
    return {"post": post, "item": item, "reporters": reporters}


def _forbidden(world, reported) -> tuple[str, ...]:
    names = MemberProfile.objects.filter(
        user__in=[world["member"], *reported["reporters"]]
    ).values_list("display_name", flat=True)
    emails = [user.email for user in (world["member"], *reported["reporters"])]
    return (POST_TEXT, NOTE, *names, *emails)


def _decide(capture, action):
    with capture(execute=True):
        action()
    return list(mail.outbox)


def test_each_reporter_hears_a_removal_without_text_note_or_other_reporters(
    world, reported, django_capture_on_commit_callbacks
):
    """One neutral email per reporter naming the public group; nothing member-written."""
    sent = _decide(
        django_capture_on_commit_callbacks,
        lambda: item_reject(
            item_id=reported["item"].pk, moderator=world["moderator"], reason="Unsafe advice."
        ),
    )
    for reporter in reported["reporters"]:
        [message] = sent_to(sent, reporter)
        assert "We reviewed a post you reported in Heart circle: we removed it." in message.body
        assert_safe_email(message, forbidden=_forbidden(world, reported))
    assert len(sent_to(sent, world["member"])) == 1  # the author's rejection notice
    assert sent_to(sent, world["moderator"]) == []


def test_reporters_hear_a_kept_post_with_a_link_to_it(
    world, reported, django_capture_on_commit_callbacks
):
    post = reported["post"]
    sent = _decide(
        django_capture_on_commit_callbacks,
        lambda: item_approve(item_id=reported["item"].pk, moderator=world["moderator"]),
    )
    message = sent_to(sent, reported["reporters"][0])[0]
    assert "we found it within the guidelines" in message.body
    assert reverse("group_post_link", args=[post.pk]) in message.body
    assert_safe_email(message, forbidden=(POST_TEXT, NOTE))
    assert sent_to(sent, world["member"]) == []  # a kept post does not email its author


def test_reporters_hear_that_a_post_was_edited(world, reported, django_capture_on_commit_callbacks):
    def redact_and_approve():
        item_id = reported["item"].pk
        post_redact(item_id=item_id, moderator=world["moderator"], text="[removed] take care")
        item_approve(item_id=item_id, moderator=world["moderator"])

    sent = _decide(django_capture_on_commit_callbacks, redact_and_approve)
    message = sent_to(sent, reported["reporters"][0])[0]
    assert "we edited it to remove personal information" in message.body
    assert_safe_email(message, forbidden=(POST_TEXT, NOTE, "[removed] take care"))


def test_private_group_outcomes_do_not_name_the_group(world, django_capture_on_commit_callbacks):
    from tests.forums.conftest import join

    group = make_group("Secret circle", GroupKind.PRIVATE)
    author, reporter = world["member"], world["other"]
    join(author, group)
    join(reporter, group)
    topic = make_topic(group, poster=author, subject="Inside", text="hello")
    post = live_reply({"topic": topic}, poster=author, text=POST_TEXT)
    post_report(post=post, reporter=reporter, category="spam")
    item = ModerationItem.objects.get(post=post)
    sent = _decide(
        django_capture_on_commit_callbacks,
        lambda: item_reject(item_id=item.pk, moderator=world["moderator"], reason="Spam."),
    )
    message = sent_to(sent, reporter)[0]
    assert "in one of your groups: we removed it" in message.body
    assert_safe_email(message, forbidden=("Secret circle", POST_TEXT))


def test_outcomes_respect_preferences_but_the_rejection_notice_is_mandatory(
    world, reported, django_capture_on_commit_callbacks
):
    """A reporter who muted outcomes, or unsubscribed from all, gets none; the author who
    unsubscribed from all is still told their post was not published."""
    muted, unsubscribed = reported["reporters"]
    preferences_update(user=muted, muted_kinds=["moderation_report_outcome"], all_off=False)
    preferences_update(user=unsubscribed, muted_kinds=[], all_off=True)
    preferences_update(user=world["member"], muted_kinds=[], all_off=True)
    sent = _decide(
        django_capture_on_commit_callbacks,
        lambda: item_reject(
            item_id=reported["item"].pk, moderator=world["moderator"], reason="No."
        ),
    )
    assert [message.to for message in sent] == [[world["member"].email]]
    assert "Reason: No." in sent[0].body


def test_a_failed_outcome_email_loses_nothing(
    world, reported, settings, django_capture_on_commit_callbacks
):
    """The decision stands and the failure is audited."""
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    _decide(
        django_capture_on_commit_callbacks,
        lambda: item_reject(item_id=reported["item"].pk, moderator=world["moderator"], reason="x"),
    )
    item = ModerationItem.objects.get(pk=reported["item"].pk)
    assert item.status == ItemStatus.REJECTED
    assert not ModerationItem.objects.get(pk=item.pk).post.approved
    kinds = {
        event.data["kind"] for event in AuditEvent.objects.filter(action="notification.failed")
    }
    assert kinds == {"moderation_report_outcome", "moderation_post_rejected"}


def _sanction(world, capture, *, kind=SanctionKind.SILENCE, duration=timedelta(days=3)):
    with capture(execute=True):
        return member_sanction(
            member=world["member"],
            moderator=world["moderator"],
            kind=kind,
            reason="Repeated medical advice after a warning.",
            duration=duration,
        )


def test_a_silenced_member_is_emailed_what_why_until_when_and_how_to_appeal(
    world, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_MODERATION_CONTACT_EMAIL = "moderators@portal.example.org"
    live_reply(world, poster=world["member"], text=POST_TEXT)
    mail.outbox.clear()
    _sanction(world, django_capture_on_commit_callbacks)
    [message] = sent_to(mail.outbox, world["member"])
    assert message.subject == "You are read-only in the support groups"
    assert "Reason: Repeated medical advice after a warning." in message.body
    assert "made you read-only in the support groups until" in message.body
    assert "you can still read the support groups" in message.body
    assert "moderators@portal.example.org" in message.body
    assert message.extra_headers["Reply-To"] == "moderators@portal.example.org"
    assert DEFAULT_CRISIS_TEXT in message.body  # the site's crisis line, as staff set it
    assert_safe_email(message, forbidden=(POST_TEXT,))
    assert len(mail.outbox) == 1  # nobody else is told


def test_a_suspension_notice_reaches_a_member_who_unsubscribed_from_everything(
    world, django_capture_on_commit_callbacks
):
    preferences_update(user=world["member"], muted_kinds=[], all_off=True)
    _sanction(world, django_capture_on_commit_callbacks, kind=SanctionKind.SUSPEND, duration=None)
    [message] = sent_to(mail.outbox, world["member"])
    assert message.subject == "You are suspended from the support groups"
    assert "until a moderator lifts it" in message.body
    assert "List-Unsubscribe" not in message.extra_headers


def test_a_warning_is_emailed_too(world, django_capture_on_commit_callbacks):
    _sanction(world, django_capture_on_commit_callbacks, kind=SanctionKind.WARN, duration=None)
    [message] = sent_to(mail.outbox, world["member"])
    assert "sent you a warning" in message.body
    assert_safe_email(message)


def test_a_failed_sanction_email_leaves_the_sanction_in_force(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    sanction = _sanction(world, django_capture_on_commit_callbacks)
    assert Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="notification.failed")
    assert event.data == {"kind": "moderation_sanction", "user": world["member"].pk}


def test_the_refusal_page_links_to_the_moderators(client, world, settings):
    """The page a sanctioned member meets says how to appeal, with a working contact."""
    settings.PORTAL_MODERATION_CONTACT_EMAIL = "moderators@portal.example.org"
    member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.SUSPEND,
        reason="Harassment.",
        duration=None,
    )
    client.force_login(world["member"])
    html = client.get(reverse("forum:index")).content.decode()
    assert 'href="mailto:moderators@portal.example.org"' in html
    assert "We emailed you about this decision" in html


def test_the_crisis_alert_reaches_on_call_moderators_who_unsubscribed(
    world, django_capture_on_commit_callbacks
):
    from forums.moderation.services import post_hold

    preferences_update(user=world["moderator"], muted_kinds=[], all_off=True)
    post = live_reply(world, poster=world["member"], text="Canarycrisis I want to die")
    with django_capture_on_commit_callbacks(execute=True):
        item = post_hold(post=post, kind="crisis")
    [alert] = sent_to(mail.outbox, world["moderator"])
    assert reverse("moderation_item", args=[item.pk]) in alert.body
    assert alert.extra_headers["X-Priority"] == "1"
    assert_safe_email(alert, forbidden=("Canarycrisis",))


def test_production_is_warned_about_the_default_contact_address(settings):
    settings.PORTAL_MODERATION_CONTACT_EMAIL = "moderators@localhost"
    assert [warning.id for warning in moderation_contact()] == ["moderation.W001"]
    settings.PORTAL_MODERATION_CONTACT_EMAIL = "moderators@portal.example.org"
    assert moderation_contact() == []
