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
    MemberMessage,
    MemberMessageKind,
    MessageTemplate,
    MessageTemplatePurpose,
    ModerationItem,
    ModeratorNote,
    OnCallModerator,
    Redaction,
    Report,
    ReportCategory,
    RiskAssessment,
    RiskFactor,
    RiskLevel,
    Sanction,
    SanctionKind,
    TopicSlowMode,
)
from forums.moderation.notifications import (
    CRISIS_REJECTION_BODY,
    CRISIS_REJECTION_SUBJECT,
    send_member_message,
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


class OutcomeNoteRequired(ModerationError):
    """A crisis item was to be closed without saying what was done."""


class TemplateNotApproved(ModerationError):
    """A message template that nobody approved (or whose wording changed since) was chosen."""


OUTCOME_NOTE_MESSAGE = (
    "Write an outcome note before closing a crisis item: what you did (message of concern, "
    "escalation, no risk found) and why."
)


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


def _resolve(
    item: ModerationItem, *, status: str, moderator, reason: str = "", outcome_note: str = ""
) -> None:
    """Close the item. A crisis item is never closed without an outcome note."""
    outcome_note = outcome_note.strip()
    if item.kind == ItemKind.CRISIS and not outcome_note:
        raise OutcomeNoteRequired(OUTCOME_NOTE_MESSAGE, code="outcome_note")
    now = timezone.now()
    item.status = status
    item.resolved_at = now
    item.resolved_by = moderator
    item.first_action_at = item.first_action_at or now
    item.reason = reason
    item.outcome_note = outcome_note or item.outcome_note
    item.claimed_by = None
    item.claimed_at = None
    item.save()


def _decision_data(item: ModerationItem, **data) -> dict:
    if item.kind == ItemKind.CRISIS:
        data["outcome_note"] = item.outcome_note
        data["risk_level"] = item.risk_level
    return data


@transaction.atomic
def item_approve(*, item_id: int, moderator, outcome_note: str = "") -> ModerationItem:
    """Publish the post (or keep it published, dismissing the reports). A crisis item needs
    an outcome note."""
    item = _take(item_id, moderator)
    post = item.post
    _resolve(item, status=ItemStatus.APPROVED, moderator=moderator, outcome_note=outcome_note)
    post.approved = True
    post.save()
    audit_record(
        action="moderation.approve",
        actor=moderator,
        target=item,
        data=_decision_data(item, post=post.pk),
    )
    _tell_reporters_on_commit(item.pk)
    return item


@transaction.atomic
def item_reject(*, item_id: int, moderator, reason: str, outcome_note: str = "") -> ModerationItem:
    """Soft-delete: the post stays stored but hidden; its author is told the reason (never
    the post's text). The author of a crisis post gets a supportive private message with
    the crisis resources instead of the generic notice; closing it needs an outcome note."""
    reason = reason.strip()
    if not reason:
        raise ModerationError("Give the member a reason.", code="reason")
    item = _take(item_id, moderator)
    post = item.post
    _resolve(
        item,
        status=ItemStatus.REJECTED,
        moderator=moderator,
        reason=reason,
        outcome_note=outcome_note,
    )
    if post.approved:
        post.approved = False
        post.save()
    audit_record(
        action="moderation.reject",
        actor=moderator,
        target=item,
        data=_decision_data(item, post=post.pk, reason=reason),
    )
    item_id = item.pk
    if item.kind == ItemKind.CRISIS:
        _crisis_rejection_message(item, moderator=moderator, reason=reason)
    else:
        transaction.on_commit(lambda: _send_rejection(item_id))
    _tell_reporters_on_commit(item_id)
    return item


def _crisis_rejection_message(item: ModerationItem, *, moderator, reason: str) -> None:
    """The supportive message (on the site and by email) that replaces the generic
    rejection for a crisis post: fixed wording, the moderator's reason, the resources."""
    if item.author_id is None:
        return
    body = f"{CRISIS_REJECTION_BODY}\n\nThe moderator's note: {reason}"
    message = MemberMessage.objects.create(
        recipient_id=item.author_id,
        kind=MemberMessageKind.CRISIS_REJECTION,
        item=item,
        subject=CRISIS_REJECTION_SUBJECT,
        body=body,
        sent_by=moderator,
    )
    audit_record(
        action="moderation.crisis_rejection_sent",
        actor=moderator,
        target=item,
        data={"message": message.pk},
    )
    _send_member_message_on_commit(message.pk)


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
    decided, are skipped and counted; crisis items are never decided in bulk (each needs its
    own outcome note) and are counted apart."""
    _require_moderator(moderator)
    if not approve and not reason.strip():
        raise ModerationError("Give the members a reason.", code="reason")
    crisis = set(
        ModerationItem.objects.filter(pk__in=item_ids, kind=ItemKind.CRISIS).values_list(
            "pk", flat=True
        )
    )
    done, skipped = 0, 0
    for item_id in (pk for pk in item_ids if pk not in crisis):
        try:
            if approve:
                item_approve(item_id=item_id, moderator=moderator)
            else:
                item_reject(item_id=item_id, moderator=moderator, reason=reason)
            done += 1
        except ModerationError:
            skipped += 1
    return {"done": done, "skipped": skipped, "crisis": len(crisis)}


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


# Crisis care after the hold: risk level, messages of concern, templates, the inbox -------


def _crisis_item_locked(item_id: int) -> ModerationItem:
    item = (
        ModerationItem.objects.select_for_update(of=("self",))  # author is a nullable join
        .select_related("author")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise ModerationError("This item does not exist.", code="missing")
    if item.kind != ItemKind.CRISIS:
        raise ModerationError("This is only for crisis items.", code="not_crisis")
    return item


@transaction.atomic
def item_risk_set(
    *, item_id: int, moderator, level: int, factors: list[str] | tuple = (), note: str = ""
) -> RiskAssessment:
    """Set (or change) a crisis item's risk level, with what the moderator saw (ideation,
    plan, means, timing, protective factors). Every setting is kept and audited."""
    _require_moderator(moderator)
    if level not in RiskLevel.values:
        raise ModerationError("Choose a risk level.", code="level")
    unknown = set(factors) - set(RiskFactor.values)
    if unknown:
        raise ModerationError("Unknown risk factors.", code="factors")
    item = _crisis_item_locked(item_id)
    now = timezone.now()
    previous = item.risk_level
    assessment = RiskAssessment.objects.create(
        item=item,
        level=level,
        factors=[factor for factor in RiskFactor.values if factor in set(factors)],
        note=note.strip()[:2000],
        assessed_by=moderator,
        created_at=now,
    )
    item.risk_level, item.risk_set_at = level, now
    item.first_action_at = item.first_action_at or now
    item.save(update_fields=["risk_level", "risk_set_at", "first_action_at"])
    audit_record(
        action="moderation.risk_level",
        actor=moderator,
        target=item,
        data={"from": previous, "to": level, "factors": assessment.factors},
    )
    return assessment


def outreach_mark(*, item_id: int, now=None) -> None:
    """Record the first time the member was reached by a message of concern (alerting
    moderators and clinicians is not outreach to the member). Later contacts keep the
    first time."""
    now = now or timezone.now()
    ModerationItem.objects.filter(pk=item_id).update(
        first_outreach_at=Coalesce("first_outreach_at", now),
        first_action_at=Coalesce("first_action_at", now),
    )


@transaction.atomic
def concern_message_send(*, item_id: int, moderator, template_id: int) -> MemberMessage:
    """Send the author of a crisis post a private message of concern from an approved
    template: on the site (their Messages page) and by email, never quoting the post."""
    _require_moderator(moderator)
    template = MessageTemplate.objects.filter(
        pk=template_id, purpose=MessageTemplatePurpose.CONCERN
    ).first()
    if template is None:
        raise ModerationError("Choose a message template.", code="template")
    if not template.is_approved:
        raise TemplateNotApproved(
            "This template is not approved: only approved wording can be sent.",
            code="unapproved",
        )
    item = _crisis_item_locked(item_id)
    if item.author is None or not item.author.is_active:
        raise ModerationError("The member's account no longer exists.", code="no_member")
    message = MemberMessage.objects.create(
        recipient=item.author,
        kind=MemberMessageKind.CONCERN,
        item=item,
        template=template,
        language=template.language,
        subject=template.subject,
        body=template.body,
        sent_by=moderator,
    )
    outreach_mark(item_id=item.pk, now=message.created_at)
    audit_record(
        action="moderation.concern_sent",
        actor=moderator,
        target=item,
        data={"message": message.pk, "template": template.pk, "language": template.language},
    )
    _send_member_message_on_commit(message.pk)
    return message


def _send_member_message_on_commit(message_id: int) -> None:
    """The email follows once the message is committed; a failed email is logged and the
    on-site message stands."""

    def send() -> None:
        try:
            send_member_message(message_id=message_id)
        except Exception:
            logger.exception("Email for member message %s could not be sent", message_id)

    transaction.on_commit(send)


def member_message_open(*, member, message_id: int) -> MemberMessage:
    """The member's own message (``MemberMessage.DoesNotExist`` for anyone else's), marked
    read the first time they open it."""
    message = MemberMessage.objects.get(pk=message_id, recipient=member)
    if message.read_at is None:
        message.read_at = timezone.now()
        updated = MemberMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
            read_at=message.read_at
        )
        if updated:
            audit_record(
                action="moderation.message_read",
                actor=member,
                target=message.item,
                data={"message": message.pk, "kind": message.kind},
            )
    return message


def member_messages_erase(*, user) -> None:
    MemberMessage.objects.filter(recipient=user).delete()


TEMPLATE_WORDING_FIELDS = ("subject", "body", "language", "purpose")


@transaction.atomic
def message_template_save(
    *, template: MessageTemplate, editor, changed: list[str] | tuple, approve: bool
) -> MessageTemplate:
    """Save a template edited in the admin. Changed wording withdraws the approval; only
    someone allowed to approve templates can approve (and then it is their wording)."""
    wording_changed = bool(set(changed) & set(TEMPLATE_WORDING_FIELDS))
    if approve and not editor.has_perm("moderation.approve_messagetemplate"):
        raise PermissionDenied("Only those who may approve message templates can approve.")
    was_approved = template.is_approved
    if wording_changed or approve:
        template.approved_by, template.approved_at = None, None
    if approve:
        template.approved_by, template.approved_at = editor, timezone.now()
    template.save()
    if approve:
        audit_record(action="moderation.template_approved", actor=editor, target=template)
    elif was_approved and wording_changed:
        audit_record(action="moderation.template_unapproved", actor=editor, target=template)
    elif changed:
        audit_record(action="moderation.template_changed", actor=editor, target=template)
    return template
