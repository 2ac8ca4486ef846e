"""Sending one delivery, at most one remote post each.

1. ``_claim`` (one transaction, row locked): re-check every gate, the rate limit and the
   attempt limit; deal with an attempt a stopped worker left in flight; record the new
   attempt and commit it *before* any request is sent.
2. The adapter sends (no transaction open).
3. ``_record`` (one transaction): store the outcome and schedule a retry if any.

An attempt left in flight (the worker died between 2 and 3) is ambiguous. Idempotent
platforms (Mastodon's Idempotency-Key, Bluesky's deterministic record key) are simply
asked again with the same keys; for the others the delivery waits in "needs
reconciliation" until someone says whether the post exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend

from syndication import app_settings
from syndication.adapters import ADAPTERS, adapter_for
from syndication.adapters.base import (
    AdapterError,
    AmbiguousError,
    DuplicateError,
    Image,
    Outgoing,
    Published,
    TransientError,
)
from syndication.adapters.bluesky import deterministic_tid
from syndication.gates import Problem, delivery_content_hash
from syndication.models import Attempt, AttemptOutcome, Delivery, DeliveryStatus, PostStatus
from syndication.services import (
    _move_delivery,
    _valid_approvals,
    automatic_gate_problems,
    current_step,
    refresh_post_status,
)
from syndication.text import full_text

D = DeliveryStatus
MAX_BACKOFF = 3600
SENDABLE = (D.QUEUED, D.RETRY_WAIT)


def enqueue_delivery(*, delivery_id: int, run_after: datetime | None = None) -> None:
    """Queue the send. Backends without deferred tasks (the test suite's immediate one)
    get only what is due now; ``syndication_sweep`` picks up the rest when due."""
    from syndication.tasks import deliver_task

    if run_after is not None and run_after > timezone.now():
        if default_task_backend.supports_defer:
            deliver_task.using(run_after=run_after).enqueue(delivery_id)
        return
    deliver_task.enqueue(delivery_id)


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    attempt_id: int
    outgoing: Outgoing


def delivery_run(*, delivery_id: int, now: datetime | None = None) -> str:
    """Send one delivery if it is due. Returns its status afterwards. Safe to call any
    number of times, from any number of workers."""
    claim = _claim(delivery_id, now or timezone.now())
    if claim is None:
        return Delivery.objects.get(pk=delivery_id).status
    delivery = Delivery.objects.select_related("channel").get(pk=delivery_id)
    try:
        outcome: Published | AdapterError = adapter_for(delivery.channel).publish(claim.outgoing)
    except AdapterError as error:
        outcome = error
    _record(claim, outcome)
    return Delivery.objects.get(pk=delivery_id).status


@transaction.atomic
def _claim(delivery_id: int, now: datetime) -> Claim | None:
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("post", "channel", "post__source_page", "post__image")
        .get(pk=delivery_id)
    )
    if delivery.status == D.SENDING and not _resume_after_stop(delivery, now):
        return None
    if delivery.status not in (*SENDABLE, D.SENDING):
        return None
    if delivery.next_attempt_at and delivery.next_attempt_at > now:
        return None
    problems = _dispatch_problems(delivery)
    if problems:
        reason = "Refused at send time: " + "; ".join(p.message for p in problems)
        _move_delivery(
            delivery, D.FAILED, actor=None, reason=reason, gates=[p.code for p in problems]
        )
        refresh_post_status(delivery.post)
        return None
    wait = _rate_limit_wait(delivery, now)
    if wait is not None:
        _retry_later(delivery, when=wait, reason="Channel rate limit reached.")
        return None
    attempt = Attempt.objects.create(
        delivery=delivery, number=delivery.attempts.count() + 1, started_at=now
    )
    delivery.attempt_count += 1  # attempts in this round (a manual retry starts a new one)
    delivery.next_attempt_at = None
    if delivery.status == D.SENDING:
        delivery.save(update_fields=["attempt_count", "next_attempt_at"])
    else:
        _move_delivery(delivery, D.SENDING, actor=None, attempt=attempt.number)
    refresh_post_status(delivery.post)
    return Claim(delivery.pk, attempt.pk, _outgoing(delivery))


def _resume_after_stop(delivery: Delivery, now: datetime) -> bool:
    """A delivery found "sending": leave it to its worker unless that attempt is stale.
    A stale attempt's outcome is unknown: idempotent platforms may send again with the same
    keys; the others wait for reconciliation."""
    attempt = delivery.attempts.filter(outcome=AttemptOutcome.IN_FLIGHT).last()
    stale_before = now - timedelta(seconds=app_settings.stale_seconds())
    if attempt is not None and attempt.started_at > stale_before:
        return False
    if attempt is not None:
        attempt.outcome, attempt.finished_at = AttemptOutcome.AMBIGUOUS, now
        attempt.detail = "The worker stopped before the outcome was stored."
        attempt.save(update_fields=["outcome", "finished_at", "detail"])
    if ADAPTERS[delivery.channel.platform].idempotent:
        return True
    _move_delivery(
        delivery,
        D.NEEDS_RECONCILIATION,
        actor=None,
        reason=(
            f"Attempt {attempt.number if attempt else '?'} may or may not have posted "
            f"(the worker stopped); {delivery.channel.get_platform_display()} cannot be asked "
            "safely. Check the channel, then mark it posted or not posted."
        ),
    )
    refresh_post_status(delivery.post)
    return False


def _dispatch_problems(delivery: Delivery) -> list[Problem]:
    """Every gate again, just before sending: approval bound to this exact content and
    revision, the source still live and vetted, the texts still clean, the channel on."""
    post = delivery.post
    problems: list[Problem] = []
    if post.status not in (PostStatus.APPROVED, PostStatus.SENDING, PostStatus.ATTENTION):
        problems.append(Problem("not_approved", "The post is not approved."))
    if not _valid_approvals(delivery) or current_step(delivery) is not False:
        problems.append(Problem("approval_void", "No valid approval for this exact content."))
    if not delivery.channel.enabled:
        problems.append(Problem("channel_disabled", "The channel is disabled."))
    return problems + automatic_gate_problems(post)


def _rate_limit_wait(delivery: Delivery, now: datetime) -> datetime | None:
    """When the channel may post again, if its hourly limit is reached."""
    hour_ago = now - timedelta(hours=1)
    recent = (
        Delivery.objects.filter(channel_id=delivery.channel_id)
        .filter(Q(published_at__gt=hour_ago) | Q(status=D.SENDING))
        .exclude(pk=delivery.pk)
        .order_by("published_at")
    )
    if recent.count() < delivery.channel.max_posts_per_hour:
        return None
    oldest = recent.filter(published_at__isnull=False).first()
    return (oldest.published_at if oldest else now) + timedelta(hours=1)


def _retry_later(delivery: Delivery, *, when: datetime, reason: str, **data) -> None:
    delivery.next_attempt_at = when
    _move_delivery(delivery, D.RETRY_WAIT, actor=None, reason=reason, retry_at=when, **data)
    refresh_post_status(delivery.post)
    transaction.on_commit(lambda: enqueue_delivery(delivery_id=delivery.pk, run_after=when))


def _outgoing(delivery: Delivery) -> Outgoing:
    post, platform = delivery.post, delivery.channel.platform
    page = post.source_page.specific if post.source_page else None
    micros = int(post.created_at.timestamp() * 1_000_000)
    return Outgoing(
        text=full_text(delivery.text, delivery.link, platform),
        body=delivery.text,
        link=delivery.link,
        title=post.source_title,
        description=getattr(page, "summary", "")[:300],
        idempotency_key=str(delivery.idempotency_key),
        record_key=deterministic_tid(micros=micros, clock_id=delivery.pk),
        image=_image(post),
    )


def _image(post) -> Image | None:
    if post.image is None:
        return None
    rendition = post.image.get_rendition("max-1600x1600|format-jpeg")
    with rendition.file.open("rb") as handle:
        data = handle.read()
    return Image(data=data, filename="image.jpg", content_type="image/jpeg", alt=post.image_alt)


@transaction.atomic
def _record(claim: Claim, outcome: Published | AdapterError) -> None:
    delivery = (
        Delivery.objects.select_for_update()
        .select_related("post", "channel")
        .get(pk=claim.delivery_id)
    )
    attempt = Attempt.objects.select_for_update().get(pk=claim.attempt_id)
    if attempt.outcome != AttemptOutcome.IN_FLIGHT or delivery.status != D.SENDING:
        return  # a later run already settled it
    attempt.finished_at = timezone.now()
    if isinstance(outcome, Published):
        _succeeded(delivery, attempt, outcome)
    else:
        attempt.http_status, attempt.detail = outcome.status, outcome.detail
        _failed(delivery, attempt, outcome)
    attempt.save()
    refresh_post_status(delivery.post)


def _succeeded(delivery: Delivery, attempt: Attempt, published: Published) -> None:
    attempt.outcome, attempt.remote_id = AttemptOutcome.SUCCEEDED, published.remote_id
    delivery.remote_id, delivery.remote_url = published.remote_id, published.remote_url
    delivery.published_at = attempt.finished_at
    _move_delivery(
        delivery,
        D.PUBLISHED,
        actor=None,
        attempt=attempt.number,
        hash=delivery_content_hash(delivery),
    )


def _failed(delivery: Delivery, attempt: Attempt, error: AdapterError) -> None:
    idempotent = ADAPTERS[delivery.channel.platform].idempotent
    if isinstance(error, DuplicateError) or (isinstance(error, AmbiguousError) and not idempotent):
        attempt.outcome = AttemptOutcome.AMBIGUOUS
        reason = f"{error.detail} The post may exist: check the channel, then resolve."
        _move_delivery(
            delivery, D.NEEDS_RECONCILIATION, actor=None, reason=reason, attempt=attempt.number
        )
        return
    if not isinstance(error, TransientError):
        attempt.outcome = AttemptOutcome.PERMANENT
        _move_delivery(
            delivery, D.FAILED, actor=None, reason=error.detail, http_status=error.status
        )
        return
    attempt.outcome = AttemptOutcome.TRANSIENT
    if delivery.attempt_count >= app_settings.max_attempts():
        reason = f"Gave up after {delivery.attempt_count} attempts: {error.detail}"
        _move_delivery(delivery, D.FAILED, actor=None, reason=reason, http_status=error.status)
        return
    delay = backoff_delay(delivery.attempt_count, retry_after=error.retry_after)
    _retry_later(
        delivery,
        when=attempt.finished_at + timedelta(seconds=delay),
        reason=error.detail,
        http_status=error.status,
        retry_after=error.retry_after,
    )


def backoff_delay(attempt_number: int, *, retry_after: float | None = None) -> float:
    """Exponential backoff (base doubled per attempt, capped at an hour), never sooner
    than the platform's Retry-After."""
    delay = min(app_settings.backoff_seconds() * 2 ** (attempt_number - 1), MAX_BACKOFF)
    return max(float(delay), float(retry_after or 0))
