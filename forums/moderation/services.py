"""Moderation decisions. Every service checks its preconditions, changes state in one
transaction and leaves an audit event; emails go out after the commit."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from forums.moderation.escalation import crisis_alert_start
from forums.moderation.models import (
    URGENCY,
    ItemKind,
    ItemStatus,
    ModerationItem,
    ModeratorNote,
    OnCallModerator,
    Redaction,
    Report,
    ReportCategory,
    Sanction,
    SanctionKind,
    TopicSlowMode,
)
from forums.moderation.notifications import (
    send_rejection,
    send_report_outcomes,
    send_sanction_notice,
)
from forums.moderation.selectors import (
    active_sanction,
    claim_deadline,
    write_refusal,
)
from forums.selectors import is_group_moderator
from portal.audit.services import audit_record

logger = logging.getLogger(__name__)


class ModerationError(ValidationError):
    """A refused moderation action, with a message for the person who tried it."""


def _require_moderator(user) -> None:
    if not is_group_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


# Holding -------------------------------------------------------------------------------


def post_hold(*, post, kind: str, findings: dict | None = None) -> ModerationItem:
    """Keep ``post`` hidden and put it in the queue (or raise the urgency of its open item).
    Crisis items alert the on-call moderators as soon as the transaction commits."""
    with transaction.atomic():
        if post.approved:
            post.approved = False
            post.save()
        item, created = _open_item_for(post, kind=kind)
        if not created and URGENCY[kind] < item.urgency:
            item.kind, item.urgency = kind, URGENCY[kind]
        if findings:
            item.findings = _merged_findings(item.findings, findings)
        item.snapshot = str(post.content)
        item.save()
        audit_record(action="moderation.hold", target=item, data={"kind": kind, "post": post.pk})
    if kind == ItemKind.CRISIS and item.alerted_at is None:
        item_id = item.pk
        transaction.on_commit(lambda: crisis_alert_send(item_id=item_id))
    return item


def _merged_findings(old: dict, new: dict) -> dict:
    """The findings of the post's current text (spans refer to the snapshot); crisis words
    found in an earlier version stay on record, so an edit cannot hide them."""
    crisis = list(dict.fromkeys([*old.get("crisis", []), *new.get("crisis", [])]))
    return {**old, **new, "crisis": crisis}


def _open_item_for(post, *, kind: str) -> tuple[ModerationItem, bool]:
    item = ModerationItem.objects.select_for_update().filter(post=post, status=ItemStatus.OPEN)
    found = item.first()
    if found is not None:
        return found, False
    return (
        ModerationItem.objects.create(
            post=post,
            author_id=post.poster_id,
            kind=kind,
            urgency=URGENCY[kind],
            post_created_at=post.created or timezone.now(),
        ),
        True,
    )


def crisis_alert_send(*, item_id: int) -> int:
    """Start the item's crisis alert: the on-call moderators (every moderator when nobody is
    on call) and the first clinical on-call contact are emailed a link to acknowledge it,
    never the member's words; re-alerts and escalation follow (``escalation``). Returns how
    many emails went out now. Runs after the commit: nothing here may fail the member's
    request (the sweep and the item page pick up what did not happen)."""
    try:
        return len(crisis_alert_start(item_id=item_id).sent)
    except Exception:
        logger.exception("Crisis alert for moderation item %s could not be started", item_id)
        audit_record(action="moderation.crisis_alert_failed", actor=None, data={"item": item_id})
        return 0


# Reports -------------------------------------------------------------------------------


def post_report(*, post, reporter, category: str, note: str = "") -> Report:
    """Record a member's report. Enough distinct reporters hide the post until a moderator
    decides; a self-harm report is urgent at once."""
    refusal = write_refusal(reporter)
    if refusal:
        raise ModerationError(refusal, code="sanctioned")
    if category not in ReportCategory.values:
        raise ModerationError("Choose what is wrong with this post.", code="category")
    if post.poster_id == reporter.pk:
        raise ModerationError("You cannot report your own post.", code="own_post")
    if Report.objects.filter(post=post, reporter=reporter).exists():
        raise ModerationError("You have already reported this post.", code="duplicate")
    kind = ItemKind.CRISIS if category == ReportCategory.SELF_HARM else ItemKind.REPORTED
    try:
        with transaction.atomic():
            item = _report_item(post, kind)
            report = Report.objects.create(
                post=post,
                item=item,
                reporter=reporter,
                category=category,
                note=note.strip()[:1000],
                snapshot=str(post.content),
            )
            _hide_if_reported_enough(post, item)
            audit_record(action="moderation.report", target=item, data={"category": category})
    except IntegrityError as error:
        raise ModerationError("You have already reported this post.", code="duplicate") from error
    if kind == ItemKind.CRISIS and item.alerted_at is None:
        item_id = item.pk
        transaction.on_commit(lambda: crisis_alert_send(item_id=item_id))
    return report


def _report_item(post, kind: str) -> ModerationItem:
    item, created = _open_item_for(post, kind=kind)
    if not created and URGENCY[kind] < item.urgency:
        item.kind, item.urgency = kind, URGENCY[kind]
        item.save(update_fields=["kind", "urgency"])
    if created:
        item.snapshot = str(post.content)
        item.save(update_fields=["snapshot"])
    return item


def _hide_if_reported_enough(post, item: ModerationItem) -> None:
    reporters = item.reports.values("reporter").distinct().count()
    if post.approved and reporters >= settings.PORTAL_MODERATION_REPORTS_TO_HIDE:
        post.approved = False
        post.save()
        item.hidden_by_reports = True
        item.save(update_fields=["hidden_by_reports"])
        audit_record(
            action="moderation.hidden_by_reports",
            actor=None,
            target=item,
            data={"reporters": reporters},
        )


# Claims and decisions ------------------------------------------------------------------


def item_claim(*, item_id: int, moderator, now=None) -> bool:
    """Claim an open item. One conditional UPDATE, so of two moderators clicking at the same
    moment exactly one wins; a claim older than the time-out may be taken over."""
    _require_moderator(moderator)
    now = now or timezone.now()
    # Already this moderator's live claim (a second click, or a decision after claiming):
    # renew it without logging a second claim.
    renewed = ModerationItem.objects.filter(
        pk=item_id,
        status=ItemStatus.OPEN,
        claimed_by=moderator,
        claimed_at__gte=claim_deadline(now),
    ).update(claimed_at=now)
    if renewed:
        return True
    claimable = (
        Q(claimed_by__isnull=True) | Q(claimed_by=moderator) | Q(claimed_at__lt=claim_deadline(now))
    )
    won = ModerationItem.objects.filter(claimable, pk=item_id, status=ItemStatus.OPEN).update(
        claimed_by=moderator, claimed_at=now, first_action_at=Coalesce("first_action_at", now)
    )
    if won:
        audit_record(action="moderation.claim", actor=moderator, data={"item": item_id})
    return bool(won)


def _take(item_id: int, moderator) -> ModerationItem:
    """The open item, locked, claimed by this moderator (claiming it if free)."""
    _require_moderator(moderator)
    if not item_claim(item_id=item_id, moderator=moderator):
        item = ModerationItem.objects.filter(pk=item_id).select_related("claimed_by").first()
        if item is None or item.status != ItemStatus.OPEN:
            raise ModerationError("This item has already been decided.", code="decided")
        raise ModerationError(f"{item.claimed_by} is working on this item.", code="claimed")
    return ModerationItem.objects.select_for_update().select_related("post__topic").get(pk=item_id)


def _resolve(item: ModerationItem, *, status: str, moderator, reason: str = "") -> None:
    now = timezone.now()
    item.status = status
    item.resolved_at = now
    item.resolved_by = moderator
    item.first_action_at = item.first_action_at or now
    item.reason = reason
    item.claimed_by = None
    item.claimed_at = None
    item.save()


@transaction.atomic
def item_approve(*, item_id: int, moderator) -> ModerationItem:
    """Publish the post (or keep it published, dismissing the reports)."""
    item = _take(item_id, moderator)
    post = item.post
    post.approved = True
    post.save()
    _resolve(item, status=ItemStatus.APPROVED, moderator=moderator)
    audit_record(action="moderation.approve", actor=moderator, target=item, data={"post": post.pk})
    _tell_reporters_on_commit(item.pk)
    return item


@transaction.atomic
def item_reject(*, item_id: int, moderator, reason: str) -> ModerationItem:
    """Soft-delete: the post stays stored but hidden; its author is emailed the reason
    (never the post's text)."""
    reason = reason.strip()
    if not reason:
        raise ModerationError("Give the member a reason.", code="reason")
    item = _take(item_id, moderator)
    post = item.post
    if post.approved:
        post.approved = False
        post.save()
    _resolve(item, status=ItemStatus.REJECTED, moderator=moderator, reason=reason)
    audit_record(
        action="moderation.reject",
        actor=moderator,
        target=item,
        data={"post": post.pk, "reason": reason},
    )
    item_id = item.pk
    transaction.on_commit(lambda: _send_rejection(item_id))
    _tell_reporters_on_commit(item_id)
    return item


def _send_rejection(item_id: int) -> None:
    try:
        send_rejection(item_id=item_id)
    except Exception:
        logger.exception("Rejection email for moderation item %s could not be sent", item_id)


def _tell_reporters_on_commit(item_id: int) -> None:
    """Once the decision is committed, each member who reported the post hears the outcome
    (never the post, their note or the other reporters); a failed email changes nothing."""

    def send() -> None:
        try:
            send_report_outcomes(item_id=item_id)
        except Exception:
            logger.exception("Report outcome emails for moderation item %s failed", item_id)

    transaction.on_commit(send)


@transaction.atomic
def post_redact(*, item_id: int, moderator, text: str) -> Redaction:
    """Replace the post's text; the original is kept for moderators only."""
    from forums.rendering import validate_member_text

    text = text.strip()
    if not text:
        raise ModerationError("The redacted text cannot be empty.", code="empty")
    validate_member_text(text)
    item = _take(item_id, moderator)
    post = item.post
    original = str(post.content)
    if original == text:
        raise ModerationError("The text is unchanged: nothing to redact.", code="unchanged")
    redaction = Redaction.objects.create(
        post=post, item=item, original=original, redacted=text, moderator=moderator
    )
    post.content = text
    post.updated_by = moderator
    post.update_reason = "Edited by a moderator to protect privacy"
    post.save()
    audit_record(action="moderation.redact", actor=moderator, target=item, data={"post": post.pk})
    return redaction


def items_bulk_decide(*, item_ids: list[int], moderator, approve: bool, reason: str = "") -> dict:
    """Approve or reject many items (spam waves). Items another moderator holds, or already
    decided, are skipped and counted."""
    _require_moderator(moderator)
    if not approve and not reason.strip():
        raise ModerationError("Give the members a reason.", code="reason")
    done, skipped = 0, 0
    for item_id in item_ids:
        try:
            if approve:
                item_approve(item_id=item_id, moderator=moderator)
            else:
                item_reject(item_id=item_id, moderator=moderator, reason=reason)
            done += 1
        except ModerationError:
            skipped += 1
    return {"done": done, "skipped": skipped}


@transaction.atomic
def topic_lock(*, topic, moderator, locked: bool) -> None:
    from machina.apps.forum_conversation.models import Topic

    _require_moderator(moderator)
    topic.status = Topic.TOPIC_LOCKED if locked else Topic.TOPIC_UNLOCKED
    topic._simple_save()
    audit_record(
        action="moderation.lock" if locked else "moderation.unlock", actor=moderator, target=topic
    )


@transaction.atomic
def topic_slow_mode_set(*, topic, moderator, seconds: int) -> None:
    """Members may post in the topic once per ``seconds``; 0 turns slow mode off."""
    _require_moderator(moderator)
    if seconds < 0 or seconds > 7 * 24 * 3600:
        raise ModerationError("Slow mode is between 0 seconds (off) and 7 days.", code="range")
    if seconds == 0:
        TopicSlowMode.objects.filter(topic=topic).delete()
    else:
        TopicSlowMode.objects.update_or_create(
            topic=topic, defaults={"interval_seconds": seconds, "set_by": moderator}
        )
    audit_record(
        action="moderation.slow_mode", actor=moderator, target=topic, data={"seconds": seconds}
    )


# Sanctions and notes -------------------------------------------------------------------


@transaction.atomic
def member_sanction(
    *, member, moderator, kind: str, reason: str, duration: timedelta | None
) -> Sanction:
    _require_moderator(moderator)
    if kind not in SanctionKind.values:
        raise ModerationError("Choose a sanction.", code="kind")
    if not reason.strip():
        raise ModerationError("Give the member a reason.", code="reason")
    if is_group_moderator(member):
        raise ModerationError("Moderators cannot be sanctioned here.", code="staff")
    if duration is not None and duration <= timedelta(0):
        raise ModerationError("The duration must be positive.", code="duration")
    now = timezone.now()
    sanction = Sanction.objects.create(
        member=member,
        kind=kind,
        reason=reason.strip(),
        starts_at=now,
        ends_at=now + duration if duration else None,
        created_by=moderator,
    )
    audit_record(
        action=f"moderation.sanction.{kind}",
        actor=moderator,
        target=member,
        data={
            "reason": sanction.reason,
            "ends_at": sanction.ends_at.isoformat() if sanction.ends_at else None,
        },
    )
    _send_sanction_notice_on_commit(sanction.pk)
    return sanction


def _send_sanction_notice_on_commit(sanction_id: int) -> None:
    """The member is emailed the sanction (mandatory kind) once it is committed; a failed
    email is logged and audited, and the sanction stands."""

    def send() -> None:
        try:
            send_sanction_notice(sanction_id=sanction_id)
        except Exception:
            logger.exception("Sanction notice %s could not be sent", sanction_id)

    transaction.on_commit(send)


@transaction.atomic
def sanction_lift(*, sanction, moderator) -> None:
    _require_moderator(moderator)
    if sanction.lifted_at is None:
        sanction.lifted_at = timezone.now()
        sanction.save(update_fields=["lifted_at"])
        audit_record(action="moderation.sanction.lift", actor=moderator, target=sanction.member)


def warning_acknowledge(*, member, sanction_id: int) -> None:
    updated = Sanction.objects.filter(
        pk=sanction_id, member=member, kind=SanctionKind.WARN, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now())
    if updated:
        audit_record(action="moderation.warning_acknowledged", actor=member, target=member)


def moderator_on_call_set(*, moderator, on_call: bool) -> None:
    """On-call moderators get crisis alerts by email at once."""
    _require_moderator(moderator)
    if on_call:
        OnCallModerator.objects.get_or_create(user=moderator)
    else:
        OnCallModerator.objects.filter(user=moderator).delete()
    audit_record(action="moderation.on_call" if on_call else "moderation.off_call", actor=moderator)


def member_note_add(*, member, moderator, body: str) -> ModeratorNote:
    _require_moderator(moderator)
    if not body.strip():
        raise ModerationError("The note is empty.", code="empty")
    note = ModeratorNote.objects.create(member=member, author=moderator, body=body.strip()[:2000])
    audit_record(action="moderation.note", actor=moderator, target=member)
    return note


def sanction_check(user) -> None:
    """Raise for a member who may not write now (silenced or suspended)."""
    if active_sanction(user, kinds=(SanctionKind.SILENCE, SanctionKind.SUSPEND)):
        raise ModerationError(write_refusal(user), code="sanctioned")
