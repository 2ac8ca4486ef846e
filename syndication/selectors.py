"""Read-side queries and view data for syndication screens."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.audit.models import AuditEvent
from portal.audit.selectors import audit_events
from syndication.adapters import ADAPTERS
from syndication.gates import delivery_content_hash
from syndication.models import Approval, Channel, Delivery, SyndicationPost
from syndication.text import LengthCheck, check_length, full_text

POST_TARGET_TYPE = SyndicationPost._meta.label_lower


def queue(*, status: str = "", channel: Channel | None = None) -> QuerySet[SyndicationPost]:
    """Posts for the queue listing, newest first, with their deliveries (no N+1)."""
    posts = SyndicationPost.objects.select_related("composed_by").prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.select_related("channel"))
    )
    if status:
        posts = posts.filter(status=status)
    if channel is not None:
        posts = posts.filter(deliveries__channel=channel).distinct()
    return posts


def post_history(*, post: SyndicationPost) -> QuerySet[AuditEvent]:
    """Every audit event of one post, oldest first."""
    return audit_events(target_type=POST_TARGET_TYPE, target_id=str(post.pk)).order_by(
        "occurred_at", "id"
    )


def last_approval(delivery: Delivery) -> Approval | None:
    return delivery.approvals.filter(decision="approved").order_by("-decided_at", "-pk").first()


def text_diff(before: str, after: str) -> SafeString:
    """Word-level diff as <del>/<ins> (escaped)."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
        if tag == "equal":
            parts.append(escape(" ".join(old[i1:i2])))
    return mark_safe(" ".join(parts))  # noqa: S308  # nosec B308 B703  # every piece escaped above


@dataclass
class DeliveryView:
    delivery: Delivery
    posted_text: str
    length: LengthCheck
    approvals: list[Approval]
    previous: Approval | None
    changed_since_approval: bool
    diff: SafeString | None
    sends_image: bool


def delivery_views(*, post: SyndicationPost) -> list[DeliveryView]:
    """Exactly what each channel will get, its approvals and what changed since the last
    approval (text, link or alt text)."""
    views = []
    for delivery in post.deliveries.select_related("channel").prefetch_related(
        "approvals__reviewer", "attempts"
    ):
        platform = delivery.channel.platform
        previous = last_approval(delivery)
        changed = previous is not None and previous.content_hash != delivery_content_hash(delivery)
        diff = None
        if previous is not None and previous.text != delivery.text:
            diff = text_diff(previous.text, delivery.text)
        views.append(
            DeliveryView(
                delivery=delivery,
                posted_text=full_text(delivery.text, delivery.link, platform),
                length=check_length(delivery.text, delivery.link, platform),
                approvals=list(delivery.approvals.all()),
                previous=previous,
                changed_since_approval=changed,
                diff=diff,
                sends_image=ADAPTERS[platform].sends_image,
            )
        )
    return views
