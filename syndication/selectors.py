"""Read-side queries and view data for syndication screens."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Prefetch, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.audit.models import AuditEvent
from portal.audit.selectors import audit_events
from syndication.adapters import ADAPTERS
from syndication.gates import (
    SYNDICATABLE_PAGE_TYPES,
    Problem,
    TextVerdict,
    delivery_content_hash,
    link_problems,
    source_problems,
    text_verdict,
)
from syndication.models import Approval, Channel, Delivery, PostStatus, SyndicationPost
from syndication.text import LengthCheck, check_length, full_text, tracked_link

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
    return mark_safe(" ".join(parts))  # noqa: S308 (every piece is escaped above)


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


# --- Composing: the live check and the platform previews ---------------------------------


@dataclass(frozen=True)
class LinkCard:
    """The card a platform shows for the link: what the adapters send (Bluesky, LinkedIn)
    and what the page's Open Graph tags say (the platforms that fetch the page)."""

    title: str
    description: str
    domain: str
    image_url: str
    image_alt: str


@dataclass(frozen=True)
class ChannelCheck:
    channel: Channel
    text: str
    link: str
    verdict: TextVerdict
    link_problems: list[Problem]
    posted_text: str
    sends_image: bool

    @property
    def problems(self) -> list[Problem]:
        """Exactly the problems submit reports for this channel (without its prefix)."""
        return [*self.verdict.problems, *self.link_problems]


def link_card(*, page, link: str) -> LinkCard:
    page = page.specific
    image, alt = getattr(page, "hero_image", None), getattr(page, "hero_alt", "")
    return LinkCard(
        title=page.title,
        description=(getattr(page, "search_description", "") or getattr(page, "summary", ""))[:300],
        domain=urlsplit(link).hostname or "",
        image_url=image.get_rendition("fill-600x314").url if image is not None else "",
        image_alt=alt if image is not None else "",
    )


def draft_links(*, page, channels: list[Channel]) -> dict[int, str]:
    """Tracked links before the post exists (its number is not known yet)."""
    return {
        c.pk: tracked_link(page.full_url, post_id=0, channel_id=c.pk, platform=c.platform)
        for c in channels
    }


def channel_check(
    *, source, channel: Channel, text: str, link: str, image_alt: str
) -> ChannelCheck:
    """One channel's text through the same gates as submit (``text_verdict`` and
    ``link_problems``), with the text exactly as it will be posted."""
    platform = channel.platform
    return ChannelCheck(
        channel=channel,
        text=text,
        link=link,
        verdict=text_verdict(text=text, image_alt=image_alt, link=link, platform=platform),
        link_problems=link_problems(link=link, source=source),
        posted_text=full_text(text, link, platform),
        sends_image=ADAPTERS[platform].sends_image,
    )


SPAN_LABELS = {"banned": "banned claim", "phi": "personal information"}


def marked_body(check: ChannelCheck) -> list[tuple[str, str]]:
    """The text as posted (trimmed), cut into (piece, label) where label names what a
    gate found there ("" = nothing)."""
    lead = len(check.text) - len(check.text.lstrip())
    body = check.text.strip()
    marks = [
        (span.start - lead, span.end - lead, SPAN_LABELS[kind])
        for kind, spans in (("banned", check.verdict.banned), ("phi", check.verdict.phi))
        for span in spans
        if span.field == "text"
    ]
    pieces, position = [], 0
    for start, end, label in sorted(marks):
        start, end = max(start, position), min(end, len(body))
        if start >= end:
            continue
        pieces += [(body[position:start], ""), (body[start:end], label)]
        position = end
    pieces.append((body[position:], ""))
    return [(piece, label) for piece, label in pieces if piece]


PICK_LIMIT = 50


def syndicatable_pages(*, query: str = "") -> list:
    """Live pages that pass every source gate (vetted, review current), newest first: what
    an editor may compose a social post about."""
    from django.db.models import Q
    from wagtail.models import Page

    types = Q()
    for label in SYNDICATABLE_PAGE_TYPES:
        app_label, model = label.split(".")
        types |= Q(content_type__app_label=app_label, content_type__model=model)
    pages = Page.objects.live().filter(types).order_by("-last_published_at", "-pk")
    if query.strip():
        pages = pages.filter(title__icontains=query.strip())
    eligible = (page for page in pages.specific()[: PICK_LIMIT * 2] if not source_problems(page))
    return list(eligible)[:PICK_LIMIT]


def awaiting_approval_count() -> int:
    return SyndicationPost.objects.filter(status=PostStatus.AWAITING_APPROVAL).count()
