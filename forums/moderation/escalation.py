"""Crisis alerts that someone must acknowledge.

A held crisis item starts a ``CrisisAlert``. Each *round* emails the moderators (on call, or
all) and the current clinical on-call contact, each with their own acknowledgement link.

- An unacknowledged round is repeated after ``PORTAL_CRISIS_REALERT_MINUTES``; after
  ``PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION`` repeats it escalates to the next active
  contact in the chain. At the end of the chain the last contact and every moderator are
  alerted again, each interval, until someone acknowledges or the item is decided.
- A clinical contact's acknowledgement ends the chain (a clinical contact must acknowledge).
  A moderator's acknowledgement stops the reminders to moderators; it ends the alert only
  when no clinical contact is in the chain.
- A decided item stops the alert at its next check.
- A send that raises (mail server down) is kept as failed, shown on the item, and retried
  after ``PORTAL_CRISIS_SEND_RETRY_SECONDS`` until it goes out or a later round replaces it.

Each check (``crisis_alert_check``) is idempotent: the round is claimed under a row lock and
a conditional UPDATE on the round number, each email by a conditional UPDATE on its own
row, so two workers (or a worker and the sweep) never send the same email twice. Checks run
as django-tasks with ``run_after`` (no periodic tasks exist there); ``manage.py
crisis_alerts_check`` is the safety net after a stopped worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from forums.moderation.models import (
    AlertMessage,
    AlertRound,
    AlertStatus,
    Audience,
    ClinicalContact,
    CrisisAlert,
    ItemStatus,
    MessageStatus,
    ModerationItem,
)
from forums.moderation.notifications import send_crisis_alert
from forums.moderation.selectors import (
    clinical_chain,
    crisis_recipients,
    every_moderator,
    queue_position,
)
from portal.audit.services import audit_record

logger = logging.getLogger(__name__)

ACK_SALT = "forums.moderation.crisis_ack"
# An email claimed by a worker that then stopped is sent again after this long: a crisis
# alert sent twice is better than one never sent.
SENDING_STALE = timedelta(minutes=5)
UNSENT = (MessageStatus.PENDING, MessageStatus.FAILED, MessageStatus.SENDING)


def realert_interval() -> timedelta:
    return timedelta(minutes=settings.PORTAL_CRISIS_REALERT_MINUTES)


def retry_interval() -> timedelta:
    return timedelta(seconds=settings.PORTAL_CRISIS_SEND_RETRY_SECONDS)


# Starting and checking ------------------------------------------------------------------


def crisis_alert_start(*, item_id: int, now: datetime | None = None) -> CheckResult:
    """Start the item's alert (once) and send its first round now."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            _, created = CrisisAlert.objects.get_or_create(
                item_id=item_id, defaults={"next_check_at": now, "created_at": now}
            )
    except IntegrityError:  # another request started it a moment ago
        created = False
    if created:
        audit_record(action="moderation.crisis_alert.start", actor=None, data={"item": item_id})
    return crisis_alert_check(item_id=item_id, now=now)


@dataclass
class CheckResult:
    round: str = ""
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    next_check_at: datetime | None = None

    @property
    def did_work(self) -> bool:
        return bool(self.round or self.sent or self.failed)


def crisis_alert_check(*, item_id: int, now: datetime | None = None) -> CheckResult:
    """Do what is due for the item's alert: stop it, start the next round, send or retry
    emails; then schedule the next check. Safe to run any number of times at once."""
    now = now or timezone.now()
    result = CheckResult(round=_plan_round(item_id, now) or "")
    for message_id in _due_messages(item_id, now):
        outcome = _send_one(message_id, now)
        if outcome is True:
            result.sent.append(message_id)
        elif outcome is False:
            result.failed.append(message_id)
    result.next_check_at = _next_due(item_id)
    if result.did_work and result.next_check_at is not None:
        _schedule(item_id, result.next_check_at)
    return result


def crisis_alerts_due(*, now: datetime | None = None) -> list[int]:
    """Items whose alert has something due (the sweep's work list)."""
    now = now or timezone.now()
    waiting = AlertMessage.objects.filter(status__in=UNSENT, next_attempt_at__lte=now)
    return list(
        CrisisAlert.objects.filter(status=AlertStatus.ACTIVE)
        .filter(Q(next_check_at__lte=now) | Q(pk__in=waiting.values("alert_id")))
        .values_list("item_id", flat=True)
    )


def _schedule(item_id: int, when: datetime) -> None:
    """Queue the next check for ``when``. A backend that cannot defer (the test suite's
    immediate one) gets nothing: ``manage.py crisis_alerts_check`` picks it up."""
    from forums.moderation.tasks import crisis_alert_check_task

    def enqueue() -> None:
        if default_task_backend.supports_defer:
            crisis_alert_check_task.using(run_after=when).enqueue(item_id)

    transaction.on_commit(enqueue)


def _next_due(item_id: int) -> datetime | None:
    alert = CrisisAlert.objects.filter(item_id=item_id, status=AlertStatus.ACTIVE).first()
    if alert is None:
        return None
    retry = alert.messages.filter(status__in=UNSENT).aggregate(at=Min("next_attempt_at"))["at"]
    return min(alert.next_check_at, retry) if retry else alert.next_check_at


# Rounds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    kind: str
    contact: ClinicalContact | None
    contact_sends: int
    moderators: list


@transaction.atomic
def _plan_round(item_id: int, now: datetime) -> str | None:
    """Claim and record the next round if it is due; the round's kind, or None."""
    alert = (
        CrisisAlert.objects.select_for_update(of=("self",))
        .select_related("item", "contact")
        .filter(item_id=item_id)
        .first()
    )
    if alert is None or alert.status != AlertStatus.ACTIVE:
        return None
    if alert.item.status != ItemStatus.OPEN:
        _stop(alert, now)
        return None
    if alert.next_check_at > now:
        return None
    step = _next_step(alert)
    won = CrisisAlert.objects.filter(
        pk=alert.pk, round=alert.round, status=AlertStatus.ACTIVE
    ).update(
        round=alert.round + 1,
        contact=step.contact,
        contact_sends=step.contact_sends,
        chain_exhausted=step.kind == AlertRound.CHAIN_END,
        next_check_at=now + realert_interval(),
    )
    if not won:  # another check claimed this round first
        return None
    _supersede_unsent(alert, now)
    recipients = _create_messages(alert, step, round_number=alert.round + 1, now=now)
    audit_record(
        action=f"moderation.crisis_alert.{step.kind}",
        actor=None,
        target=alert.item,
        data={
            "item": item_id,
            "round": alert.round + 1,
            "contact": str(step.contact) if step.contact else None,
            "recipients": recipients,
        },
    )
    return step.kind


def _next_step(alert: CrisisAlert) -> Step:
    chain = clinical_chain()
    if alert.round == 0:
        first = chain[0] if chain else None
        return Step(AlertRound.FIRST, first, 1 if first else 0, crisis_recipients())
    moderators = [] if alert.moderator_acknowledged_at else crisis_recipients()
    current = alert.contact
    in_chain = current is not None and current in chain
    if in_chain and alert.contact_sends <= settings.PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION:
        return Step(AlertRound.REALERT, current, alert.contact_sends + 1, moderators)
    after = _after(chain, current)
    if after is not None:
        return Step(AlertRound.ESCALATION, after, 1, moderators)
    last = current if in_chain else (chain[-1] if chain else None)
    sends = alert.contact_sends + 1 if last == current else 1
    return Step(AlertRound.CHAIN_END, last, sends, every_moderator_and(crisis_recipients()))


def every_moderator_and(users: list) -> list:
    everyone = {user.pk: user for user in [*users, *every_moderator()]}
    return [everyone[pk] for pk in sorted(everyone)]


def _after(chain: list[ClinicalContact], current: ClinicalContact | None):
    """The next active contact after ``current`` (the first one when the chain had none)."""
    if current is None:
        return chain[0] if chain else None
    key = (current.order, current.pk)
    return next((contact for contact in chain if (contact.order, contact.pk) > key), None)


def _supersede_unsent(alert: CrisisAlert, now: datetime) -> None:
    """Emails of earlier rounds still unsent are replaced by this round's."""
    alert.messages.filter(
        Q(status__in=[MessageStatus.PENDING, MessageStatus.FAILED])
        | Q(status=MessageStatus.SENDING, next_attempt_at__lte=now)
    ).update(status=MessageStatus.SUPERSEDED)


def _create_messages(alert: CrisisAlert, step: Step, *, round_number: int, now) -> list[str]:
    contact_email = step.contact.email.lower() if step.contact else None
    rows = [
        AlertMessage(
            alert=alert,
            round=round_number,
            round_kind=step.kind,
            audience=Audience.MODERATOR,
            user=user,
            name=user.get_full_name() or user.email,
            email=user.email,
            next_attempt_at=now,
            created_at=now,
        )
        for user in step.moderators
        if user.email and user.email.lower() != contact_email  # one email to someone on both
    ]
    if step.contact is not None:
        rows.append(
            AlertMessage(
                alert=alert,
                round=round_number,
                round_kind=step.kind,
                audience=Audience.CLINICAL,
                user=step.contact.user,
                contact=step.contact,
                name=step.contact.name,
                email=step.contact.email,
                next_attempt_at=now,
                created_at=now,
            )
        )
    AlertMessage.objects.bulk_create(rows)
    return [row.email for row in rows]


def _stop(alert: CrisisAlert, now: datetime) -> None:
    alert.status, alert.stopped_at = AlertStatus.STOPPED, now
    alert.save(update_fields=["status", "stopped_at"])
    alert.messages.filter(status__in=UNSENT).update(status=MessageStatus.SUPERSEDED)
    audit_record(
        action="moderation.crisis_alert.stopped",
        actor=None,
        target=alert.item,
        data={"item": alert.item_id, "item_status": alert.item.status},
    )


# Sending --------------------------------------------------------------------------------


def _due_messages(item_id: int, now: datetime) -> list[int]:
    return list(
        AlertMessage.objects.filter(
            alert__item_id=item_id,
            alert__status=AlertStatus.ACTIVE,
            status__in=UNSENT,
            next_attempt_at__lte=now,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _send_one(message_id: int, now: datetime) -> bool | None:
    """Send one email if this worker wins it: True sent, False failed, None not ours."""
    claimed = AlertMessage.objects.filter(
        pk=message_id, status__in=UNSENT, next_attempt_at__lte=now
    ).update(
        status=MessageStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + SENDING_STALE,
    )
    if not claimed:
        return None
    message = AlertMessage.objects.select_related("alert__item", "user").get(pk=message_id)
    item = message.alert.item
    position = queue_position(item=item)
    try:
        send_crisis_alert(
            message=message,
            ack_path=reverse("crisis_alert_ack", args=[ack_token(message)]),
            position=position,
            previous=_previous_contact(message),
        )
    except Exception as error:
        logger.exception("Crisis alert email %s could not be sent", message_id)
        _record_failure(message, error, now)
        return False
    AlertMessage.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT, sent_at=now, error="", queue_position=position
    )
    ModerationItem.objects.filter(pk=item.pk, alerted_at__isnull=True).update(alerted_at=now)
    audit_record(
        action="moderation.crisis_alert",
        actor=None,
        target=item,
        data={
            "item": item.pk,
            "round": message.round,
            "audience": message.audience,
            "to": message.email,
            "recipients": [message.user_id] if message.user_id else [],
            "queue_position": position,
        },
    )
    return True


def _record_failure(message: AlertMessage, error: Exception, now: datetime) -> None:
    retry_at = now + retry_interval()
    AlertMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.FAILED,
        error=f"{type(error).__name__}: {error}"[:300],
        next_attempt_at=retry_at,
    )
    audit_record(
        action="moderation.crisis_alert_failed",
        actor=None,
        target=message.alert.item,
        data={
            "item": message.alert.item_id,
            "round": message.round,
            "to": message.email,
            "attempt": message.attempts,
            "retry_at": retry_at.isoformat(),
        },
    )


def _previous_contact(message: AlertMessage) -> str:
    """The contact the chain reached before this round (named in an escalation email)."""
    if message.round_kind != AlertRound.ESCALATION:
        return ""
    earlier = (
        AlertMessage.objects.filter(
            alert_id=message.alert_id, audience=Audience.CLINICAL, round__lt=message.round
        )
        .order_by("-round")
        .first()
    )
    return earlier.name if earlier else ""


# Acknowledging --------------------------------------------------------------------------


class AckLinkError(Exception):
    """An acknowledgement link that does not work: ``unknown``, ``expired`` or ``closed``
    (the item was decided)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def ack_token(message: AlertMessage) -> str:
    """The link's token: the email's random nonce, signed, so it is unguessable, cannot be
    forged from a copy of the database alone and is good for nothing but acknowledging."""
    return signing.Signer(salt=ACK_SALT).sign(message.ack_nonce)


def alert_message_for_token(token: str, *, now: datetime | None = None) -> AlertMessage:
    """The email an acknowledgement link belongs to; raises ``AckLinkError``. A link works
    for ``PORTAL_CRISIS_ACK_LINK_HOURS`` after its round began, while the item is open."""
    try:
        nonce = signing.Signer(salt=ACK_SALT).unsign(token)
    except signing.BadSignature as error:
        raise AckLinkError("unknown") from error
    message = (
        AlertMessage.objects.select_related("alert__item", "alert__acknowledged_by")
        .filter(ack_nonce=nonce)
        .first()
    )
    if message is None:
        raise AckLinkError("unknown")
    max_age = timedelta(hours=settings.PORTAL_CRISIS_ACK_LINK_HOURS)
    if message.created_at + max_age < (now or timezone.now()):
        raise AckLinkError("expired")
    if message.alert.status == AlertStatus.STOPPED or message.alert.item.status != ItemStatus.OPEN:
        raise AckLinkError("closed")
    return message


@dataclass(frozen=True)
class Acknowledgement:
    ended: bool  # the alert needs no one else now
    first: bool  # this click recorded something new


@transaction.atomic
def crisis_alert_acknowledge(
    *, message_id: int, actor=None, now: datetime | None = None
) -> Acknowledgement:
    """Record that the person emailed ``message_id`` has seen the alert (who: the email's
    recipient; when: now). Raises ``AckLinkError("closed")`` for a stopped alert."""
    now = now or timezone.now()
    message = AlertMessage.objects.get(pk=message_id)
    alert = (
        CrisisAlert.objects.select_for_update(of=("self",))
        .select_related("item")
        .get(pk=message.alert_id)
    )
    if alert.status == AlertStatus.STOPPED or alert.item.status != ItemStatus.OPEN:
        raise AckLinkError("closed")
    first = bool(
        AlertMessage.objects.filter(pk=message.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now
        )
    )
    ends = message.audience == Audience.CLINICAL or alert.contact_id is None
    if ends and alert.status == AlertStatus.ACTIVE:
        alert.status, alert.acknowledged_at, alert.acknowledged_by = (
            AlertStatus.ACKNOWLEDGED,
            now,
            message,
        )
        alert.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
        alert.messages.filter(status__in=UNSENT).update(status=MessageStatus.SUPERSEDED)
    elif not ends and alert.moderator_acknowledged_at is None:
        alert.moderator_acknowledged_at, alert.moderator_acknowledged_by = now, message
        alert.save(update_fields=["moderator_acknowledged_at", "moderator_acknowledged_by"])
    if first:
        audit_record(
            action="moderation.crisis_alert.acknowledged",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            target=alert.item,
            data={
                "item": alert.item_id,
                "round": message.round,
                "audience": message.audience,
                "by": message.name,
                "email": message.email,
                "ends_alert": ends,
            },
        )
    return Acknowledgement(ended=alert.status == AlertStatus.ACKNOWLEDGED, first=first)
