"""The periodic safety net (``manage.py syndication_sweep``, every few minutes): expire
approvals that missed their time, send what is due (also after a worker stopped), and
flag posts whose source's medical review became overdue."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from syndication import app_settings
from syndication.models import Delivery, DeliveryStatus, PostStatus, SyndicationPost
from syndication.services import post_expire_if_due, recall_flag


@dataclass
class SweepResult:
    expired: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    recalled: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def syndication_sweep(*, now: datetime | None = None) -> SweepResult:
    from syndication.delivery import delivery_run

    now = now or timezone.now()
    result = SweepResult()
    due = SyndicationPost.objects.filter(status=PostStatus.AWAITING_APPROVAL, scheduled_at__lte=now)
    for post in due:
        if post_expire_if_due(post=post, now=now):
            result.expired.append(post.pk)
    for delivery_id in _due_deliveries(now):
        delivery_run(delivery_id=delivery_id, now=now)
        result.sent.append(delivery_id)
    result.recalled = _recall_overdue()
    return result


def _due_deliveries(now: datetime) -> list[int]:
    stale = now - timedelta(seconds=app_settings.stale_seconds())
    waiting = Q(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRY_WAIT]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    stuck = Q(status=DeliveryStatus.SENDING, attempts__outcome="in_flight") & Q(
        attempts__started_at__lte=stale
    )
    return list(Delivery.objects.filter(waiting | stuck).values_list("pk", flat=True).distinct())


def _recall_overdue() -> list[int]:
    from education.selectors import reviews_overdue

    flagged = []
    for page_id in reviews_overdue().values_list("page_id", flat=True):
        if recall_flag(page_id=page_id, reason="The page's medical review is overdue."):
            flagged.append(page_id)
    return flagged
