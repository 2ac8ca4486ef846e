"""Syndication services: composing, the review gates, approvals and guarded transitions.

Every status change goes through ``_move_post`` / ``_move_delivery``, which refuse a
transition not in the tables below and write one audit event (who, when, from, to,
content hash, remote id and URL). Sending lives in ``syndication.delivery``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.services import audit_record
from syndication.gates import (
    GateRefused,
    Problem,
    delivery_content_hash,
    link_problems,
    source_problems,
    text_problems,
)
from syndication.models import (
    Approval,
    ApprovalStep,
    Channel,
    Decision,
    Delivery,
    DeliveryStatus,
    PostStatus,
    StepMode,
    SyndicationPost,
)
from syndication.notifications import composer_notice_on_commit, review_requests_on_commit
from syndication.text import tracked_link

P, D = PostStatus, DeliveryStatus
# Status changes the composer is emailed about (see syndication.notifications).
POST_NOTICES = {P.APPROVED: "approved", P.PUBLISHED: "published", P.EXPIRED: "expired"}
DELIVERY_NOTICES = {D.FAILED: "failed", D.NEEDS_RECONCILIATION: "needs_reconciliation"}
POST_TRANSITIONS: dict[str, set[str]] = {
    P.DRAFT: {P.AWAITING_APPROVAL, P.CANCELLED},
    P.AWAITING_APPROVAL: {P.APPROVED, P.DRAFT, P.EXPIRED, P.CANCELLED},
    P.APPROVED: {P.SENDING, P.DRAFT, P.CANCELLED, P.ATTENTION},
    P.SENDING: {P.PUBLISHED, P.ATTENTION},
    P.ATTENTION: {P.SENDING, P.PUBLISHED},
    P.EXPIRED: {P.DRAFT, P.CANCELLED},
    P.PUBLISHED: set(),
    P.CANCELLED: set(),
}
DELIVERY_TRANSITIONS: dict[str, set[str]] = {
    D.DRAFT: {D.AWAITING_APPROVAL, D.CANCELLED},
    D.AWAITING_APPROVAL: {D.APPROVED, D.DRAFT, D.CANCELLED},
    D.APPROVED: {D.QUEUED, D.DRAFT, D.CANCELLED},
    D.QUEUED: {D.SENDING, D.FAILED, D.RETRY_WAIT, D.CANCELLED, D.DRAFT},
    D.SENDING: {D.PUBLISHED, D.RETRY_WAIT, D.FAILED, D.NEEDS_RECONCILIATION},
    D.RETRY_WAIT: {D.SENDING, D.FAILED, D.RETRY_WAIT},
    D.NEEDS_RECONCILIATION: {D.PUBLISHED, D.QUEUED},
    D.FAILED: {D.QUEUED},
    D.PUBLISHED: {D.REMOVED},
    D.CANCELLED: set(),
    D.REMOVED: set(),
}
EDITABLE = {P.DRAFT, P.AWAITING_APPROVAL, P.APPROVED, P.EXPIRED}


class TransitionRefused(Exception):
    """A status change that the state machine does not allow."""


def _refuse(code: str, message: str) -> GateRefused:
    return GateRefused([Problem(code, message)])


# --- Transitions and audit ---------------------------------------------------------------


def _move_post(post: SyndicationPost, to: str, *, actor: Any, reason: str = "", **data) -> None:
    if to not in POST_TRANSITIONS[post.status]:
        raise TransitionRefused(f"Post #{post.pk}: {post.status} → {to} is not allowed.")
    before = post.status
    post.status, post.status_reason = to, reason[:500]
    post.save(update_fields=["status", "status_reason", "updated_at"])
    _audit(
        post, f"syndication.post.{to}", actor, {"from": before, "to": to, "reason": reason, **data}
    )
    if to in POST_NOTICES:
        composer_notice_on_commit(post=post, event=POST_NOTICES[to])


def _move_delivery(delivery: Delivery, to: str, *, actor: Any, reason: str = "", **data) -> None:
    if to not in DELIVERY_TRANSITIONS[delivery.status]:
        raise TransitionRefused(f"Delivery #{delivery.pk}: {delivery.status} → {to} not allowed.")
    before = delivery.status
    delivery.status, delivery.status_reason = to, reason[:1000]
    delivery.save()
    payload = {
        "from": before,
        "to": to,
        "reason": reason,
        "channel": delivery.channel.name,
        "delivery": delivery.pk,
        "content_hash": delivery_content_hash(delivery),
        "remote_id": delivery.remote_id,
        "remote_url": delivery.remote_url,
        **data,
    }
    _audit(delivery.post, f"syndication.delivery.{to}", actor, payload)
    if to in DELIVERY_NOTICES:
        composer_notice_on_commit(
            post=delivery.post, event=DELIVERY_NOTICES[to], channel=delivery.channel.name
        )


def _audit(post: SyndicationPost, action: str, actor: Any, data: dict) -> None:
    kwargs = {} if actor is _SYSTEM else {"actor": actor}
    audit_record(action=action, target=post, target_label=str(post)[:255], data=data, **kwargs)


_SYSTEM: Any = object()  # "whoever the audit context says" (worker: nobody)


# --- Composing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelText:
    channel: Channel
    text: str


def prefill_text(page) -> str:
    page = page.specific
    return f"{page.title}: {getattr(page, 'summary', '')}".strip().rstrip(":")


@transaction.atomic
def post_compose(
    *,
    source,
    actor,
    channels: list[Channel],
    texts: dict[int, str] | None = None,
    image=None,
    image_alt: str = "",
    scheduled_at: datetime | None = None,
) -> SyndicationPost:
    """A draft post for a live, vetted page, one delivery per channel (text prefilled from
    the page summary unless given). Refused for forum content or an ineligible source."""
    problems = source_problems(source)
    if problems:
        raise GateRefused(problems)
    if not channels:
        raise _refuse("no_channels", "Choose at least one channel.")
    if any(not channel.enabled for channel in channels):
        raise _refuse("channel_disabled", "A chosen channel is disabled.")
    if image is not None and not image_alt.strip():
        raise _refuse("image_alt", "Describe the image for people who cannot see it.")
    page = source.specific
    post = SyndicationPost.objects.create(
        source_page=page,
        source_title=page.title[:255],
        source_revision_id=page.live_revision_id,
        page_url=page.full_url,
        image=image,
        image_alt=image_alt,
        scheduled_at=scheduled_at,
        composed_by=actor,
    )
    texts = texts or {}
    for channel in channels:
        link = tracked_link(
            post.page_url, post_id=post.pk, channel_id=channel.pk, platform=channel.platform
        )
        text = texts.get(channel.pk) or prefill_text(page)
        Delivery.objects.create(post=post, channel=channel, text=text, link=link)
    _audit(post, "syndication.post.composed", actor, {"to": P.DRAFT, "page": page.pk})
    return post


@transaction.atomic
def post_update(
    *,
    post: SyndicationPost,
    actor,
    texts: dict[int, str],
    image=None,
    image_alt: str = "",
    scheduled_at: datetime | None = None,
) -> SyndicationPost:
    """Edit the texts, image or schedule. Any change to what would be posted voids every
    approval and sends the post back to draft."""
    post = SyndicationPost.objects.select_for_update().get(pk=post.pk)
    if post.status not in EDITABLE:
        raise TransitionRefused(f"A {post.get_status_display().lower()} post cannot be edited.")
    if image is not None and not image_alt.strip():
        raise _refuse("image_alt", "Describe the image for people who cannot see it.")
    deliveries = list(post.deliveries.select_related("channel"))
    before = {d.pk: delivery_content_hash(d) for d in deliveries}
    post.image, post.image_alt, post.scheduled_at = image, image_alt, scheduled_at
    post.save(update_fields=["image", "image_alt", "scheduled_at", "updated_at"])
    for delivery in deliveries:
        if delivery.channel_id in texts:
            delivery.text = texts[delivery.channel_id]
            delivery.save(update_fields=["text"])
    changed = any(delivery_content_hash(d) != before[d.pk] for d in deliveries)
    _audit(
        post,
        "syndication.post.edited",
        actor,
        {"content_changed": changed, "scheduled_at": scheduled_at},
    )
    if changed or post.status == P.EXPIRED:
        _back_to_draft(post, actor=actor, reason="Edited: approvals voided.")
    elif post.status == P.APPROVED:
        _reschedule(post, deliveries)
    return post


def _reschedule(post: SyndicationPost, deliveries: list[Delivery]) -> None:
    """An approved post with a new time (empty = now): queued deliveries follow it; a task
    queued for the old time finds nothing due and does nothing."""
    from syndication.delivery import enqueue_delivery

    for delivery in deliveries:
        if delivery.status == D.QUEUED:
            delivery.next_attempt_at = post.scheduled_at
            delivery.save(update_fields=["next_attempt_at"])
            transaction.on_commit(
                lambda pk=delivery.pk: enqueue_delivery(delivery_id=pk, run_after=post.scheduled_at)
            )


def _back_to_draft(post: SyndicationPost, *, actor: Any, reason: str) -> None:
    voided = Approval.objects.filter(delivery__post=post, voided_at__isnull=True).update(
        voided_at=timezone.now(), void_reason=reason[:300]
    )
    for delivery in post.deliveries.select_related("channel"):
        if delivery.status in (D.AWAITING_APPROVAL, D.APPROVED, D.QUEUED):
            _move_delivery(delivery, D.DRAFT, actor=actor, reason=reason)
    if post.status != P.DRAFT:
        _move_post(post, P.DRAFT, actor=actor, reason=reason, approvals_voided=voided)


@transaction.atomic
def post_submit(*, post: SyndicationPost, actor) -> SyndicationPost:
    """Send a draft to the reviewers once every automatic gate passes; binds it to the
    source's live revision."""
    post = SyndicationPost.objects.select_for_update().get(pk=post.pk)
    if post.status != P.DRAFT:
        raise TransitionRefused("Only a draft can be submitted for approval.")
    if post.scheduled_at is not None and post.scheduled_at <= timezone.now():
        raise _refuse("schedule_past", "The scheduled time has passed: choose a new one.")
    source = post.source_page.specific if post.source_page else None
    post.source_revision_id = source.live_revision_id if source else None
    post.save(update_fields=["source_revision", "updated_at"])
    problems = automatic_gate_problems(post)
    if problems:
        raise GateRefused(problems)
    deliveries = list(post.deliveries.select_related("channel"))
    for delivery in deliveries:
        _move_delivery(delivery, D.AWAITING_APPROVAL, actor=actor)
    _move_post(post, P.AWAITING_APPROVAL, actor=actor)
    _request_reviews(post, deliveries)
    return post


def _request_reviews(post: SyndicationPost, deliveries: list[Delivery]) -> None:
    """Email (on commit) everyone who may decide the current step of these deliveries."""
    reviewers: dict[int, tuple[Any, list[str]]] = {}
    for delivery in deliveries:
        step = current_step(delivery)
        if step is False:
            continue
        for user in step_reviewers(delivery=delivery, step=step):
            reviewers.setdefault(user.pk, (user, []))[1].append(delivery.channel.name)
    review_requests_on_commit(post=post, reviewers=list(reviewers.values()))


def automatic_gate_problems(post: SyndicationPost) -> list[Problem]:
    """Source, screening, banned claims, lengths and the link, for every channel."""
    source = post.source_page.specific if post.source_page else None
    problems = list(source_problems(source))
    if source is not None and source.live_revision_id != post.source_revision_id:
        problems.append(Problem("source_changed", "The source page has a newer revision."))
    for delivery in post.deliveries.select_related("channel"):
        found = text_problems(
            text=delivery.text,
            image_alt=post.image_alt,
            link=delivery.link,
            platform=delivery.channel.platform,
        )
        found += link_problems(link=delivery.link, source=source)
        problems += [Problem(p.code, f"{delivery.channel.name}: {p.message}") for p in found]
    return problems


# --- Human approval ----------------------------------------------------------------------


def _steps(channel: Channel) -> list[ApprovalStep | None]:
    """A channel without configured steps still needs one compliance reviewer."""
    return list(channel.approval_steps.prefetch_related("reviewers")) or [None]


def _valid_approvals(delivery: Delivery) -> list[Approval]:
    return list(
        delivery.approvals.filter(
            voided_at__isnull=True,
            decision=Decision.APPROVED,
            content_hash=delivery_content_hash(delivery),
            source_revision_id=delivery.post.source_revision_id,
        )
    )


def _step_satisfied(step: ApprovalStep | None, approvals: list[Approval]) -> bool:
    step_id = step.pk if step else None
    approvers = {a.reviewer_id for a in approvals if a.step_id == step_id}
    if step is None or step.mode == StepMode.ANY:
        return bool(approvers)
    required = {user.pk for user in step.reviewers.all()}
    return bool(approvers) and required <= approvers


def current_step(delivery: Delivery) -> ApprovalStep | bool | None:
    """The first step not yet satisfied, or False when every step is."""
    approvals = _valid_approvals(delivery)
    for step in _steps(delivery.channel):
        if not _step_satisfied(step, approvals):
            return step
    return False


def may_review(*, user, delivery: Delivery, step: ApprovalStep | None) -> Problem | None:
    """None if ``user`` may decide this step; otherwise why not."""
    if not user.is_active or not user.has_perm("syndication.approve_syndicationpost"):
        return Problem("not_reviewer", "Only compliance reviewers approve syndication.")
    if delivery.post.composed_by_id == user.pk:
        return Problem("self_approval", "The composer can never approve their own post.")
    if step is not None and step.reviewers.exists() and not step.reviewers.filter(pk=user.pk):
        return Problem("not_reviewer", "You are not a reviewer of this approval step.")
    earlier = [a for a in _valid_approvals(delivery) if a.reviewer_id == user.pk]
    if step is not None and any(a.step_id != step.pk for a in earlier):
        return Problem("same_reviewer", "Another reviewer must approve the next step.")
    if step is not None and any(a.step_id == step.pk for a in earlier):
        return Problem("already_approved", "You already approved this step.")
    return None


def step_reviewers(*, delivery: Delivery, step: ApprovalStep | None) -> list[Any]:
    """Who may decide ``step`` of ``delivery`` now: the step's chosen reviewers, or every
    active compliance reviewer when none are chosen; never the composer, nor anyone
    ``may_review`` refuses."""
    if step is not None and step.reviewers.exists():
        candidates = step.reviewers.filter(is_active=True)
    else:
        candidates = User.objects.filter(
            groups__name=Role.COMPLIANCE_REVIEWER, is_active=True
        ).distinct()
    return [
        user
        for user in candidates.order_by("pk")
        if may_review(user=user, delivery=delivery, step=step) is None
    ]


@transaction.atomic
def post_expire_if_due(*, post: SyndicationPost, now: datetime | None = None) -> bool:
    """An approval that has not happened by the scheduled time expires."""
    post = SyndicationPost.objects.select_for_update().get(pk=post.pk)
    now = now or timezone.now()
    if post.status != P.AWAITING_APPROVAL or not post.scheduled_at or post.scheduled_at > now:
        return False
    Approval.objects.filter(delivery__post=post, voided_at__isnull=True).update(
        voided_at=now, void_reason="Approval expired"
    )
    for delivery in post.deliveries.select_related("channel"):
        if delivery.status in (D.AWAITING_APPROVAL, D.APPROVED):
            _move_delivery(delivery, D.DRAFT, actor=None, reason="Approval expired")
    _move_post(post, P.EXPIRED, actor=None, reason="Not approved by the scheduled time.")
    return True


def delivery_decide(*, delivery: Delivery, actor, approve: bool, comment: str = "") -> Approval:
    """A reviewer approves (or requests changes to) one channel's text. Refused on
    self-approval, a non-reviewer, an expired approval window or a failing gate."""
    if post_expire_if_due(post=delivery.post):
        raise _refuse("approval_expired", "The scheduled time passed before approval.")
    return _decide(delivery_id=delivery.pk, actor=actor, approve=approve, comment=comment)


def approve_all_refusals(*, post: SyndicationPost, user) -> list[Problem]:
    """Why ``user`` may not approve every channel's current step at once (empty = may):
    every automatic gate must pass and ``user`` must be allowed to decide each step."""
    awaiting = [
        d
        for d in post.deliveries.select_related("post", "channel")
        if d.status == D.AWAITING_APPROVAL
    ]
    if post.status != P.AWAITING_APPROVAL or not awaiting:
        return [Problem("not_awaiting", "No channel of this post is awaiting approval.")]
    problems = list(automatic_gate_problems(post))
    for delivery in awaiting:
        step = current_step(delivery)
        refusal = None if step is False else may_review(user=user, delivery=delivery, step=step)
        if refusal is not None:
            problems.append(Problem(refusal.code, f"{delivery.channel.name}: {refusal.message}"))
    return problems


def post_approve_all(*, post: SyndicationPost, actor, comment: str = "") -> list[Approval]:
    """A compliance reviewer approves the current step of every channel in one action:
    all or nothing, each approval recorded and audited as if given one by one."""
    if post_expire_if_due(post=post):
        raise _refuse("approval_expired", "The scheduled time passed before approval.")
    return _approve_all(post_id=post.pk, actor=actor, comment=comment)


@transaction.atomic
def _approve_all(*, post_id: int, actor, comment: str) -> list[Approval]:
    post = SyndicationPost.objects.select_for_update().get(pk=post_id)
    problems = approve_all_refusals(post=post, user=actor)
    if problems:
        raise GateRefused(problems)
    awaiting = post.deliveries.filter(status=D.AWAITING_APPROVAL).order_by("pk")
    return [
        _decide(delivery_id=pk, actor=actor, approve=True, comment=comment)
        for pk in awaiting.values_list("pk", flat=True)
    ]


@transaction.atomic
def _decide(*, delivery_id: int, actor, approve: bool, comment: str) -> Approval:
    delivery = (
        Delivery.objects.select_for_update().select_related("post", "channel").get(pk=delivery_id)
    )
    post = delivery.post
    if post.status != P.AWAITING_APPROVAL or delivery.status != D.AWAITING_APPROVAL:
        raise TransitionRefused("This text is not awaiting approval.")
    step = current_step(delivery)
    if step is False:
        raise TransitionRefused("Every approval step is already satisfied.")
    refusal = may_review(user=actor, delivery=delivery, step=step)
    if refusal is not None:
        raise GateRefused([refusal])
    if approve:
        problems = automatic_gate_problems(post)
        if problems:
            raise GateRefused(problems)
    approval = Approval.objects.create(
        delivery=delivery,
        step=step,
        reviewer=actor,
        decision=Decision.APPROVED if approve else Decision.REJECTED,
        comment=comment,
        content_hash=delivery_content_hash(delivery),
        source_revision_id=post.source_revision_id,
        text=delivery.text,
        link=delivery.link,
        image_alt=post.image_alt,
    )
    _audit(
        post,
        f"syndication.approval.{approval.decision}",
        actor,
        {
            "channel": delivery.channel.name,
            "delivery": delivery.pk,
            "step": step.sort_order if step else None,
            "content_hash": approval.content_hash,
            "source_revision": post.source_revision_id,
            "comment": comment,
        },
    )
    if not approve:
        _back_to_draft(post, actor=actor, reason=f"Changes requested: {comment}".strip())
        composer_notice_on_commit(post=post, event="changes_requested")
        return approval
    next_step = current_step(delivery)
    if next_step is False:
        _move_delivery(delivery, D.APPROVED, actor=actor)
    elif next_step != step:
        _request_reviews(post, [delivery])
    _release_if_all_approved(post, actor=actor)
    return approval


def _release_if_all_approved(post: SyndicationPost, *, actor: Any) -> None:
    deliveries = list(post.deliveries.select_related("channel"))
    if any(d.status != D.APPROVED for d in deliveries):
        return
    _move_post(post, P.APPROVED, actor=actor, scheduled_at=post.scheduled_at)
    for delivery in deliveries:
        delivery.next_attempt_at = post.scheduled_at
        _move_delivery(delivery, D.QUEUED, actor=actor)
    from syndication.delivery import enqueue_delivery

    for delivery in deliveries:
        transaction.on_commit(
            lambda pk=delivery.pk: enqueue_delivery(delivery_id=pk, run_after=post.scheduled_at)
        )


# --- After approval ----------------------------------------------------------------------


@transaction.atomic
def post_cancel(*, post: SyndicationPost, actor) -> SyndicationPost:
    post = SyndicationPost.objects.select_for_update().get(pk=post.pk)
    if post.status not in (P.DRAFT, P.AWAITING_APPROVAL, P.APPROVED, P.EXPIRED):
        raise TransitionRefused("Only a post that has not started sending can be cancelled.")
    for delivery in post.deliveries.select_related("channel"):
        if D.CANCELLED in DELIVERY_TRANSITIONS[delivery.status]:
            _move_delivery(delivery, D.CANCELLED, actor=actor)
    _move_post(post, P.CANCELLED, actor=actor)
    return post


@transaction.atomic
def source_revised(*, page, actor: Any = None) -> int:
    """A new revision of the source voids approvals of posts not yet sent."""
    count = 0
    posts = SyndicationPost.objects.select_for_update().filter(
        source_page_id=page.pk, status__in=[P.AWAITING_APPROVAL, P.APPROVED]
    )
    for post in posts:
        if post.source_revision_id != page.live_revision_id:
            _back_to_draft(post, actor=actor, reason="The source page has a new revision.")
            count += 1
    return count


def refresh_post_status(post: SyndicationPost) -> None:
    """Follow the deliveries: all out = published; something stuck = needs attention."""
    statuses = set(post.deliveries.values_list("status", flat=True))
    in_progress = {D.QUEUED, D.SENDING, D.RETRY_WAIT}
    if statuses <= {D.PUBLISHED, D.REMOVED, D.CANCELLED} and statuses & {D.PUBLISHED, D.REMOVED}:
        target = P.PUBLISHED
    elif statuses & {D.FAILED, D.NEEDS_RECONCILIATION} and not statuses & in_progress:
        target = P.ATTENTION
    elif statuses & {D.SENDING, D.RETRY_WAIT, D.PUBLISHED, D.FAILED, D.NEEDS_RECONCILIATION}:
        target = P.SENDING
    else:
        return
    if target != post.status and target in POST_TRANSITIONS[post.status]:
        _move_post(post, target, actor=_SYSTEM)


# --- Reconciliation, retry and recall ----------------------------------------------------


@transaction.atomic
def delivery_reconcile(*, delivery: Delivery, actor, posted: bool, remote_url: str = "") -> None:
    """Someone checked the channel: the ambiguous post exists (give its address) or it does
    not (send again)."""
    delivery = (
        Delivery.objects.select_for_update().select_related("post", "channel").get(pk=delivery.pk)
    )
    if delivery.status != D.NEEDS_RECONCILIATION:
        raise TransitionRefused("This delivery does not need reconciliation.")
    if posted:
        if not remote_url.startswith("https://"):
            raise _refuse("remote_url", "Give the post's https:// address on the channel.")
        delivery.remote_url, delivery.remote_id = remote_url, remote_url
        delivery.published_at = timezone.now()
        _move_delivery(delivery, D.PUBLISHED, actor=actor, reason="Found on the channel.")
    else:
        delivery.next_attempt_at = None
        _move_delivery(delivery, D.QUEUED, actor=actor, reason="Not on the channel: send again.")
        _enqueue_on_commit(delivery)
    refresh_post_status(delivery.post)


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor) -> None:
    """Send a failed delivery again (e.g. after fixing the credentials); every gate is
    checked again when it is sent."""
    delivery = (
        Delivery.objects.select_for_update().select_related("post", "channel").get(pk=delivery.pk)
    )
    if delivery.status != D.FAILED:
        raise TransitionRefused("Only a failed delivery can be retried.")
    delivery.attempt_count, delivery.next_attempt_at = 0, None
    _move_delivery(delivery, D.QUEUED, actor=actor, reason="Retry requested.")
    refresh_post_status(delivery.post)
    _enqueue_on_commit(delivery)


def _enqueue_on_commit(delivery: Delivery) -> None:
    from syndication.delivery import enqueue_delivery

    transaction.on_commit(lambda: enqueue_delivery(delivery_id=delivery.pk))


@transaction.atomic
def recall_flag(*, page_id: int, reason: str) -> int:
    """The source was unpublished or its review is overdue: flag its published posts (once)
    so editors can delete them from the channels."""
    post_ids = set(
        SyndicationPost.objects.filter(
            source_page_id=page_id,
            recall_flagged_at__isnull=True,
            deliveries__status=D.PUBLISHED,
        ).values_list("pk", flat=True)
    )
    if not post_ids:
        return 0
    posts = SyndicationPost.objects.select_for_update().filter(
        pk__in=post_ids, recall_flagged_at__isnull=True
    )
    count = 0
    for post in posts:
        post.recall_flagged_at, post.recall_reason = timezone.now(), reason[:300]
        post.save(update_fields=["recall_flagged_at", "recall_reason", "updated_at"])
        _audit(post, "syndication.post.recall_flagged", None, {"reason": reason})
        count += 1
    return count


def delivery_remove(*, delivery: Delivery, actor) -> None:
    """Delete a published post from its channel (where the platform allows it), audited."""
    from syndication.adapters import adapter_for

    if not actor.has_perm("syndication.recall_syndicationpost"):
        raise _refuse("not_allowed", "You may not delete syndicated posts.")
    delivery = Delivery.objects.select_related("post", "channel").get(pk=delivery.pk)
    if delivery.status != D.PUBLISHED:
        raise TransitionRefused("Only a published post can be deleted from its channel.")
    adapter_for(delivery.channel).delete(delivery.remote_id)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status == D.PUBLISHED:
            _move_delivery(delivery, D.REMOVED, actor=actor, reason="Deleted from the channel.")


@transaction.atomic
def post_cancel_unsent(*, page_id: int) -> int:
    """An unpublished source page: approvals of its posts not yet sent are voided."""
    count = 0
    posts = SyndicationPost.objects.select_for_update().filter(
        source_page_id=page_id, status__in=[P.AWAITING_APPROVAL, P.APPROVED]
    )
    for post in posts:
        _back_to_draft(post, actor=None, reason="The source page was unpublished.")
        count += 1
    return count
