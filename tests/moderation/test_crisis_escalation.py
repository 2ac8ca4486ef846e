"""Crisis alerts someone must acknowledge: the on-call moderators and the first clinical
contact are alerted; an unacknowledged alert is re-sent and escalated along the chain by
the real database task worker, against a controllable clock; failed sends are retried and
shown; the acknowledgement link acknowledges only on POST; the alert says "first in the
queue" only when it is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone

from forums.moderation.escalation import crisis_alert_check
from forums.moderation.factories import ClinicalContactFactory
from forums.moderation.models import (
    AlertMessage,
    AlertRound,
    AlertStatus,
    ClinicalContact,
    CrisisAlert,
    ItemKind,
    MessageStatus,
    ModerationItem,
)
from forums.moderation.services import item_approve, post_hold
from portal.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.moderation.conftest import live_reply
from tests.moderation.escalation_helpers import (
    DB_TASKS,
    Clock,
    ack_path,
    hold_crisis,
    run_worker,
    sent_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now())
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


@pytest.fixture
def chain(db):
    """Two active contacts in order, and an inactive one ahead of them that is skipped."""
    ClinicalContactFactory(name="Dr Inactive (demo)", order=0, active=False)
    return [
        ClinicalContactFactory(name="Dr First (demo)", email="first@clinic.example", order=1),
        ClinicalContactFactory(name="Dr Second (demo)", email="second@clinic.example", order=2),
    ]


@pytest.fixture
def worker(settings, clock, django_capture_on_commit_callbacks):
    """The database task backend, ten-minute re-alerts, one re-alert before escalating."""
    settings.TASKS = DB_TASKS
    settings.PORTAL_CRISIS_REALERT_MINUTES = 10
    settings.PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION = 1

    def run() -> int:
        return run_worker(django_capture_on_commit_callbacks)

    return run


def _hold(world, capture, text: str = "I want to end it all tonight") -> ModerationItem:
    return hold_crisis(world, capture, text)


def _addresses() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# First alert ----------------------------------------------------------------------------


def test_a_crisis_hold_alerts_the_on_call_moderator_and_the_first_active_clinical_contact(
    world, chain, clock, django_capture_on_commit_callbacks
):
    """One email each, each with its own acknowledgement link, none with the member's words."""
    item = _hold(world, django_capture_on_commit_callbacks)
    assert _addresses() == sorted([world["moderator"].email, "first@clinic.example"])
    [to_moderator] = sent_to(world["moderator"].email)
    [to_clinician] = sent_to("first@clinic.example")
    assert ack_path(to_moderator) != ack_path(to_clinician)
    for message in mail.outbox:
        assert "end it all" not in message.body
        assert message.subject.startswith("URGENT")
    assert reverse("moderation_item", args=[item.pk]) in to_moderator.body
    assert to_clinician.message()["Reply-To"] == settings.PORTAL_MODERATION_CONTACT_EMAIL
    item.refresh_from_db()
    assert item.alerted_at == clock.now
    alert = CrisisAlert.objects.get(item=item)
    assert alert.contact == chain[0] and alert.round == 1
    assert AuditEvent.objects.filter(action="moderation.crisis_alert.first").exists()
    assert AuditEvent.objects.filter(action="moderation.crisis_alert").count() == 2


# Re-alert and escalation, run by the worker ----------------------------------------------


def test_an_alert_acknowledged_before_the_deadline_sends_nothing_more(
    client, world, chain, clock, worker, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    [to_clinician] = sent_to("first@clinic.example")
    clock.advance(minutes=4)
    response = client.post(ack_path(to_clinician))
    assert response.status_code == 302
    mail.outbox.clear()
    for _ in range(4):
        clock.advance(minutes=10)
        worker()
    assert mail.outbox == []
    alert = CrisisAlert.objects.get(item=item)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by.contact == chain[0]
    event = AuditEvent.objects.get(action="moderation.crisis_alert.acknowledged")
    assert event.data["by"] == "Dr First (demo)"


def test_the_acknowledgement_records_who_and_when(
    client, world, chain, clock, worker, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    [to_clinician] = sent_to("first@clinic.example")
    clock.advance(minutes=3)
    acknowledged_at = clock.now
    client.post(ack_path(to_clinician))
    alert = CrisisAlert.objects.get(item=item)
    assert alert.acknowledged_at == acknowledged_at
    assert alert.acknowledged_by.name == "Dr First (demo)"
    page = client.get(ack_path(to_clinician)).content.decode()
    assert "You acknowledged this alert" in page


def test_an_unacknowledged_alert_is_resent_after_the_interval_then_escalated_to_contact_two(
    client, world, chain, clock, worker, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    clock.advance(minutes=9, seconds=59)
    assert worker() == 0, "the queued check waits for its run_after"
    assert mail.outbox == []

    clock.advance(seconds=1)
    assert worker() == 1
    assert _addresses() == sorted([world["moderator"].email, "first@clinic.example"])
    assert all("reminder" in message.subject for message in mail.outbox)
    mail.outbox.clear()

    clock.advance(minutes=10)
    worker()
    assert _addresses() == sorted([world["moderator"].email, "second@clinic.example"])
    [escalated] = sent_to("second@clinic.example")
    assert "escalated" in escalated.subject
    assert "Dr First (demo) did not acknowledge it" in escalated.body

    alert = CrisisAlert.objects.get(item=item)
    assert alert.contact == chain[1] and alert.round == 3
    kinds = list(
        AuditEvent.objects.filter(action__startswith="moderation.crisis_alert.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert kinds == [
        "moderation.crisis_alert.start",
        "moderation.crisis_alert.first",
        "moderation.crisis_alert.realert",
        "moderation.crisis_alert.escalation",
    ]
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Escalated" in page and "Dr Second (demo)" in page and "Re-alert" in page


def test_the_realert_interval_and_count_follow_the_settings(
    world, chain, clock, worker, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_CRISIS_REALERT_MINUTES = 3
    settings.PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION = 2
    _hold(world, django_capture_on_commit_callbacks)
    for _ in range(3):
        clock.advance(minutes=3)
        worker()
    assert len(sent_to("first@clinic.example")) == 3  # the first alert and two re-alerts
    assert len(sent_to("second@clinic.example")) == 1  # then escalated


def test_the_end_of_the_chain_keeps_alerting_the_last_contact_and_every_moderator(
    client, world, chain, clock, worker, django_capture_on_commit_callbacks
):
    off_call = with_mfa(UserFactory(roles=["Moderator"]))
    item = _hold(world, django_capture_on_commit_callbacks)
    for _ in range(3):  # re-alert first, escalate to second, re-alert second
        clock.advance(minutes=10)
        worker()
    assert sent_to(off_call.email) == []
    mail.outbox.clear()
    for _ in range(2):
        clock.advance(minutes=10)
        worker()
    assert len(sent_to("second@clinic.example")) == 2
    assert len(sent_to(off_call.email)) == 2
    assert len(sent_to(world["moderator"].email)) == 2
    assert sent_to("first@clinic.example") == []
    assert all("no clinical on-call contact has acknowledged" in m.subject for m in mail.outbox)
    alert = CrisisAlert.objects.get(item=item)
    assert alert.chain_exhausted
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Every clinical on-call contact was alerted and none has acknowledged" in page


def test_a_moderator_acknowledgement_stops_moderator_reminders_but_not_the_clinical_chain(
    client, world, chain, clock, worker, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    [to_moderator] = sent_to(world["moderator"].email)
    client.post(ack_path(to_moderator))
    mail.outbox.clear()
    clock.advance(minutes=10)
    worker()
    assert _addresses() == ["first@clinic.example"]
    alert = CrisisAlert.objects.get(item=item)
    assert alert.status == AlertStatus.ACTIVE
    assert alert.moderator_acknowledged_by.user == world["moderator"]


def test_without_clinical_contacts_a_moderator_acknowledgement_ends_the_alert(
    client, world, clock, worker, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    [to_moderator] = mail.outbox
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "no clinical on-call contact is set up" in page
    client.post(ack_path(to_moderator))
    mail.outbox.clear()
    clock.advance(minutes=30)
    worker()
    assert mail.outbox == []
    assert CrisisAlert.objects.get(item=item).status == AlertStatus.ACKNOWLEDGED


def test_a_decided_item_stops_the_chain(
    world, chain, clock, worker, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    clock.advance(minutes=5)
    item_approve(item_id=item.pk, moderator=world["moderator"], outcome_note="Reached the member.")
    clock.advance(minutes=5)
    worker()
    clock.advance(minutes=10)
    worker()
    assert mail.outbox == []
    alert = CrisisAlert.objects.get(item=item)
    assert alert.status == AlertStatus.STOPPED
    assert AuditEvent.objects.filter(action="moderation.crisis_alert.stopped").count() == 1


# Failed sends ---------------------------------------------------------------------------


def test_a_failing_smtp_send_is_retried_and_visible_on_the_item(
    client, world, chain, clock, worker, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_CRISIS_SEND_RETRY_SECONDS = 60
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    item = _hold(world, django_capture_on_commit_callbacks)
    item.refresh_from_db()
    assert item.alerted_at is None
    assert set(AlertMessage.objects.values_list("status", flat=True)) == {MessageStatus.FAILED}
    assert AuditEvent.objects.filter(action="moderation.crisis_alert_failed").count() == 2

    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Failed (1 attempt): ConnectionRefusedError: SMTP server unreachable" in page
    assert "Retrying" in page

    clock.advance(seconds=60)
    worker()  # still down: a second failure, retried again
    assert set(AlertMessage.objects.values_list("attempts", flat=True)) == {2}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.advance(seconds=60)
    worker()
    assert _addresses() == sorted([world["moderator"].email, "first@clinic.example"])
    item.refresh_from_db()
    assert item.alerted_at == clock.now
    assert set(AlertMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "after 3 attempts" in page
    assert "Failed (" not in page


def test_a_send_still_failing_at_the_next_round_is_replaced_by_that_round(
    world, chain, clock, worker, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    item = _hold(world, django_capture_on_commit_callbacks)
    clock.advance(minutes=10)
    worker()
    statuses = dict(
        AlertMessage.objects.filter(alert__item=item, audience="clinical")
        .values_list("round", "status")
        .order_by("round")
    )
    assert statuses == {1: MessageStatus.SUPERSEDED, 2: MessageStatus.FAILED}


# The acknowledgement link ---------------------------------------------------------------


def test_opening_the_acknowledgement_link_does_not_acknowledge(
    client, world, chain, clock, worker, django_capture_on_commit_callbacks
):
    """Mail scanners fetch links: a GET shows a button and changes nothing."""
    item = _hold(world, django_capture_on_commit_callbacks)
    [to_clinician] = sent_to("first@clinic.example")
    for _ in range(2):
        response = client.get(ack_path(to_clinician))
        assert response.status_code == 200
        assert '<form method="post">' in response.content.decode()
        assert response["Referrer-Policy"] == "no-referrer"
    assert AlertMessage.objects.filter(acknowledged_at__isnull=False).count() == 0
    assert CrisisAlert.objects.get(item=item).status == AlertStatus.ACTIVE
    mail.outbox.clear()
    clock.advance(minutes=10)
    worker()
    assert sent_to("first@clinic.example")


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "abc:def", "x" * 300, "%00"],
    ids=["garbage", "bad-signature", "long", "nul"],
)
def test_a_wrong_token_is_a_clear_404(client, world, token):
    for send in (client.get, client.post):
        response = send(reverse("crisis_alert_ack", args=[token]))
        assert response.status_code == 404
        assert "This acknowledgement link does not work" in response.content.decode()


def test_a_tampered_token_is_refused(
    client, world, chain, clock, django_capture_on_commit_callbacks
):
    _hold(world, django_capture_on_commit_callbacks)
    [to_clinician] = sent_to("first@clinic.example")
    path = ack_path(to_clinician)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.post(tampered)
    assert response.status_code == 404
    assert not AlertMessage.objects.filter(acknowledged_at__isnull=False).exists()


def test_an_expired_link_is_a_clear_410(
    client, world, chain, clock, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_CRISIS_ACK_LINK_HOURS = 72
    _hold(world, django_capture_on_commit_callbacks)
    [to_clinician] = sent_to("first@clinic.example")
    clock.advance(hours=72, seconds=1)
    for send in (client.get, client.post):
        response = send(ack_path(to_clinician))
        assert response.status_code == 410
        assert "This acknowledgement link has expired" in response.content.decode()
    assert not AlertMessage.objects.filter(acknowledged_at__isnull=False).exists()


def test_a_link_for_a_decided_item_says_the_alert_is_closed(
    client, world, chain, clock, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    [to_clinician] = sent_to("first@clinic.example")
    item_approve(item_id=item.pk, moderator=world["moderator"], outcome_note="Reached the member.")
    response = client.post(ack_path(to_clinician))
    assert response.status_code == 410
    assert "This crisis alert is closed" in response.content.decode()


# Wording ---------------------------------------------------------------------------------


def test_the_alert_says_first_in_the_queue_when_it_is(
    world, clock, django_capture_on_commit_callbacks
):
    _hold(world, django_capture_on_commit_callbacks)
    [alert] = mail.outbox
    assert "is first in the moderation queue" in alert.body


def test_the_alert_gives_its_real_position_when_an_older_crisis_item_waits(
    world, chain, clock, worker, django_capture_on_commit_callbacks
):
    """Behind an older crisis item it is number 2; once that is decided, the reminder says
    first."""
    older = post_hold(
        post=live_reply(world, poster=world["other"], text="older"), kind=ItemKind.CRISIS
    )
    ModerationItem.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(minutes=30)
    )
    mail.outbox.clear()
    _hold(world, django_capture_on_commit_callbacks)
    for message in mail.outbox:
        assert "first in the moderation queue" not in message.body
        assert "it is number 2 in the moderation queue" in message.body
    item_approve(item_id=older.pk, moderator=world["moderator"], outcome_note="Reached the member.")
    mail.outbox.clear()
    clock.advance(minutes=10)
    worker()
    assert mail.outbox
    for message in mail.outbox:
        assert "is first in the moderation queue" in message.body


def test_the_registered_alert_kind_does_not_claim_first_place():
    from portal.notifications.registry import get_kind

    assert "first" not in get_kind("moderation_crisis_alert").description


# Idempotence -----------------------------------------------------------------------------


def test_checking_twice_at_the_same_moment_sends_each_email_once(
    world, chain, clock, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    clock.advance(minutes=10)
    first = crisis_alert_check(item_id=item.pk)
    second = crisis_alert_check(item_id=item.pk)
    assert first.round == AlertRound.REALERT and len(first.sent) == 2
    assert second.round == "" and second.sent == []
    assert len(mail.outbox) == 2


def test_holding_the_same_post_again_does_not_start_a_second_alert(
    world, chain, clock, django_capture_on_commit_callbacks
):
    item = _hold(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        post_hold(post=item.post, kind=ItemKind.CRISIS)
    assert CrisisAlert.objects.count() == 1
    assert len(mail.outbox) == 2


def test_the_sweep_command_does_what_a_lost_task_would_have(
    world, chain, clock, django_capture_on_commit_callbacks
):
    """With no worker (or a backend that cannot defer), the sweep re-alerts what is due."""
    from django.core.management import call_command

    _hold(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    call_command("crisis_alerts_check", verbosity=0)
    assert mail.outbox == []
    clock.advance(minutes=10)
    call_command("crisis_alerts_check", verbosity=0)
    assert _addresses() == sorted([world["moderator"].email, "first@clinic.example"])


# Managing the chain ----------------------------------------------------------------------


def test_moderators_manage_the_clinical_chain_in_the_admin(client, world):
    client.force_login(world["moderator"])
    assert client.get(reverse("wagtailsnippets_moderation_clinicalcontact:list")).status_code == 200
    client.post(
        reverse("wagtailsnippets_moderation_clinicalcontact:add"),
        {"name": "Dr Added (demo)", "email": "added@clinic.example", "order": "5", "active": "on"},
    )
    assert ClinicalContact.objects.filter(email="added@clinic.example", active=True).exists()
    client.force_login(world["member"])
    denied = client.get(reverse("wagtailsnippets_moderation_clinicalcontact:list"))
    assert denied.status_code in (302, 403)


def test_a_zero_realert_interval_is_a_configuration_error(settings):
    settings.PORTAL_CRISIS_REALERT_MINUTES = 0
    errors = [message for message in run_checks() if message.id == "moderation.E001"]
    assert errors and "PORTAL_CRISIS_REALERT_MINUTES" in errors[0].msg
