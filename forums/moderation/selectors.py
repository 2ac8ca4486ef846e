"""What moderators see: the queue, a member's history, sanctions in force and metrics."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from forums.moderation.models import (
    ClinicalContact,
    CrisisAlert,
    CrisisPhrase,
    ItemKind,
    ItemStatus,
    ModerationItem,
    ModeratorNote,
    OnCallModerator,
    Sanction,
    SanctionKind,
)


def crisis_phrases() -> tuple[str, ...]:
    """The crisis phrases moderators added, screened beside the built-in ones."""
    return tuple(CrisisPhrase.objects.values_list("phrase", flat=True))


def claim_deadline(now: datetime) -> datetime:
    """Claims made before this moment have lapsed."""
    return now - timedelta(seconds=settings.PORTAL_MODERATION_CLAIM_SECONDS)


def active_sanction(user, *, kinds=tuple(SanctionKind.values), now=None) -> Sanction | None:
    """The sanction in force of these kinds, the most severe first (suspend, silence, warn).
    Expired ones are simply no longer in force: nothing has to lift them."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = now or timezone.now()
    sanctions = Sanction.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        member=user,
        kind__in=kinds,
        lifted_at__isnull=True,
        starts_at__lte=now,
    )
    severity = {SanctionKind.SUSPEND: 0, SanctionKind.SILENCE: 1, SanctionKind.WARN: 2}
    return min(sanctions, key=lambda s: (severity[s.kind], -s.starts_at.timestamp()), default=None)


def write_refusal(user, *, now=None) -> str:
    """Why this member may not write in the support groups now, or "" if they may."""
    sanction = active_sanction(user, kinds=(SanctionKind.SILENCE, SanctionKind.SUSPEND), now=now)
    if sanction is None:
        return ""
    what = "suspended from" if sanction.kind == SanctionKind.SUSPEND else "read-only in"
    until = (
        f"until {date_format(timezone.localtime(sanction.ends_at), 'DATETIME_FORMAT')} (UTC)"
        if sanction.ends_at
        else "until a moderator lifts it"
    )
    return (
        f"You are {what} the support groups {until}. Reason: {sanction.reason} "
        "You cannot post, edit, report, join groups or change your profile until then."
    )


def unacknowledged_warning(user) -> Sanction | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Sanction.objects.filter(
            member=user,
            kind=SanctionKind.WARN,
            acknowledged_at__isnull=True,
            lifted_at__isnull=True,
        )
        .order_by("starts_at")
        .first()
    )


def crisis_recipients():
    """The on-call moderators, or every moderator when nobody is on call."""
    from portal.accounts.models import User
    from portal.accounts.roles import Role

    on_call = User.objects.filter(
        pk__in=OnCallModerator.objects.values("user_id"), is_active=True
    ).filter(groups__name__in=[Role.MODERATOR, Role.ADMINISTRATOR])
    if on_call.exists():
        return list(on_call.distinct().order_by("pk"))
    return every_moderator()


def every_moderator():
    from portal.accounts.models import User
    from portal.accounts.roles import Role

    return list(
        User.objects.filter(groups__name=Role.MODERATOR, is_active=True).distinct().order_by("pk")
    )


def clinical_chain() -> list[ClinicalContact]:
    """The active clinical on-call contacts, in the order they are alerted."""
    return list(ClinicalContact.objects.filter(active=True).order_by("order", "pk"))


def queue_position(*, item: ModerationItem) -> int | None:
    """The item's place in the queue as moderators see it now (1 = first); None when it is
    no longer open."""
    if item.status != ItemStatus.OPEN:
        return None
    same = Q(urgency=item.urgency)
    ahead = ModerationItem.objects.filter(status=ItemStatus.OPEN).filter(
        Q(urgency__lt=item.urgency)
        | (same & Q(created_at__lt=item.created_at))
        | (same & Q(created_at=item.created_at, pk__lt=item.pk))
    )
    return ahead.count() + 1


def crisis_alert_history(*, item: ModerationItem):
    """The item's crisis alert and every email of it (who, when, sent or failing,
    acknowledged), oldest first; None when the item was never alerted."""
    alert = (
        CrisisAlert.objects.filter(item=item)
        .select_related("contact", "acknowledged_by", "moderator_acknowledged_by")
        .first()
    )
    if alert is None:
        return None
    alert.history = list(
        alert.messages.select_related("user", "contact").order_by("round", "audience", "pk")
    )
    return alert


def open_item_count() -> int:
    return ModerationItem.objects.filter(status=ItemStatus.OPEN).count()


def queue_items(*, kind: str = ""):
    """Open items, most urgent first, then oldest first, with what the queue shows."""
    items = (
        ModerationItem.objects.filter(status=ItemStatus.OPEN)
        .select_related("post__topic__forum", "author__group_profile", "claimed_by")
        .annotate(report_count=Count("reports"))
        .order_by("urgency", "created_at", "pk")
    )
    if kind:
        items = items.filter(kind=kind)
    return items


@dataclass(frozen=True)
class MemberHistory:
    held: int
    rejected: int
    reported: int
    sanctions: list
    notes: list


def member_history(*, member) -> MemberHistory:
    from forums.moderation.models import Report

    items = ModerationItem.objects.filter(author=member)
    counts = items.aggregate(
        held=Count("pk", filter=~Q(kind=ItemKind.REPORTED)),
        rejected=Count("pk", filter=Q(status=ItemStatus.REJECTED)),
    )
    return MemberHistory(
        held=counts["held"],
        rejected=counts["rejected"],
        reported=Report.objects.filter(post__poster=member).count(),
        sanctions=list(Sanction.objects.filter(member=member).select_related("created_by")),
        notes=list(ModeratorNote.objects.filter(member=member).select_related("author")),
    )


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass(frozen=True)
class ResponseTimes:
    days: int
    count: int
    median_minutes: float | None
    p90_minutes: float | None


def moderation_metrics(*, now=None) -> dict:
    """Open items by kind; time to first action (median, 90th percentile) over 7 and 30
    days; crisis alert-to-action and post-to-alert times."""
    now = now or timezone.now()
    open_by_kind = dict(
        ModerationItem.objects.filter(status=ItemStatus.OPEN)
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return {
        "open": [(label, open_by_kind.get(value, 0)) for value, label in ItemKind.choices],
        "response": [_response_times(now, days) for days in (7, 30)],
        "crisis": _crisis_times(now),
    }


def _minutes(pairs) -> list[float]:
    return [(later - earlier).total_seconds() / 60 for earlier, later in pairs if earlier and later]


def _response_times(now, days: int) -> ResponseTimes:
    pairs = ModerationItem.objects.filter(
        created_at__gte=now - timedelta(days=days), first_action_at__isnull=False
    ).values_list("created_at", "first_action_at")
    minutes = _minutes(pairs)
    return ResponseTimes(
        days=days,
        count=len(minutes),
        median_minutes=statistics.median(minutes) if minutes else None,
        p90_minutes=_percentile(minutes, 0.9),
    )


def _crisis_times(now) -> dict:
    crisis = ModerationItem.objects.filter(
        kind=ItemKind.CRISIS, created_at__gte=now - timedelta(days=30)
    )
    to_action = _minutes(crisis.values_list("alerted_at", "first_action_at"))
    to_alert = [m * 60 for m in _minutes(crisis.values_list("post_created_at", "alerted_at"))]
    return {
        "count": crisis.count(),
        "alert_to_action_median_minutes": statistics.median(to_action) if to_action else None,
        "alert_to_action_p90_minutes": _percentile(to_action, 0.9),
        "post_to_alert_median_seconds": statistics.median(to_alert) if to_alert else None,
    }


# --- A member's own posts and reports (the account hub and the data download) -------------

POST_STATUS_LABELS = {
    "published": "Published",
    "held": "Waiting for a moderator",
    "hidden": "Hidden after reports: waiting for a moderator",
    "rejected": "Not published: a moderator declined it",
    "removed": "Removed by a moderator",
}


def _post_status(post, item) -> str:
    if post.approved:
        return "published"
    if item is None or item.status == ItemStatus.OPEN:
        return "hidden" if item is not None and item.hidden_by_reports else "held"
    if item.status == ItemStatus.REJECTED:
        return "removed" if item.kind == ItemKind.REPORTED else "rejected"
    return "hidden"


def member_posts(*, user) -> list:
    """This person's posts, newest first, each with ``status`` (published, held, hidden,
    rejected or removed), ``status_label`` and ``is_topic_start``."""
    from machina.apps.forum_conversation.models import Post

    posts = list(
        Post.objects.filter(poster=user).select_related("topic__forum").order_by("-created", "-pk")
    )
    latest: dict[int, ModerationItem] = {}
    for item in ModerationItem.objects.filter(post__in=posts).order_by("created_at", "pk"):
        latest[item.post_id] = item
    for post in posts:
        post.status = _post_status(post, latest.get(post.pk))
        post.status_label = POST_STATUS_LABELS[post.status]
        post.is_topic_start = post.topic.first_post_id == post.pk
    return posts


REPORT_STATUS_LABELS = {
    ItemStatus.OPEN: "Waiting for a moderator",
    ItemStatus.APPROVED: "Reviewed: the post stays",
    ItemStatus.DISMISSED: "Reviewed: the post stays",
    ItemStatus.REJECTED: "Reviewed: the post was removed",
}


def reports_by(*, user) -> list:
    """Reports this person made, newest first, each with ``status_label``."""
    from forums.moderation.models import Report

    reports = list(
        Report.objects.filter(reporter=user)
        .select_related("item", "post__topic__forum")
        .order_by("-created_at")
    )
    for report in reports:
        report.status_label = REPORT_STATUS_LABELS.get(report.item.status, report.item.status)
    return reports


def member_posts_export(*, user) -> list[dict]:
    return [
        {
            "group": post.topic.forum.name,
            "topic": post.topic.subject,
            "started_topic": post.is_topic_start,
            "created": post.created,
            "updated": post.updated,
            "status": post.status,
            "text": post.content.raw if hasattr(post.content, "raw") else str(post.content),
        }
        for post in member_posts(user=user)
    ]


def reports_export(*, user) -> list[dict]:
    return [
        {
            "group": report.post.topic.forum.name,
            "topic": report.post.topic.subject,
            "category": report.get_category_display(),
            "note": report.note,
            "created_at": report.created_at,
            "status": report.status_label,
        }
        for report in reports_by(user=user)
    ]
