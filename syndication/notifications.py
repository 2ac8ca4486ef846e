"""Syndication emails, through the portal's one sender, queued on commit: reviewers are
asked to approve, the composer hears what became of their post. A summary and a link to the
post's screen; never the social text itself (the screen shows it to whoever may see it).

Kinds (registered in ``SyndicationConfig.ready``): ``syndication_review_request`` and
``syndication_failure`` are mandatory, ``syndication_outcome`` is optional."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.notifications.services import notify
from syndication.models import SyndicationPost

REVIEW_KIND = "syndication_review_request"
OUTCOME_KIND = "syndication_outcome"
FAILURE_KIND = "syndication_failure"

# event: (kind, subject, first line; {title}, {channel} and {when} are filled in)
COMPOSER_EVENTS: dict[str, tuple[str, str, str]] = {
    "approved": (
        OUTCOME_KIND,
        "Your social post was approved",
        "Your post sharing “{title}” was approved on every channel and will be sent {when}.",
    ),
    "changes_requested": (
        OUTCOME_KIND,
        "Changes requested on your social post",
        "A compliance reviewer asked for changes to your post sharing “{title}”. It is back "
        "in draft; the reviewer's comment is on the post.",
    ),
    "expired": (
        OUTCOME_KIND,
        "Your social post was not approved in time",
        "Your post sharing “{title}” was not approved before its scheduled time. It is back "
        "in draft: choose a new time and submit it again.",
    ),
    "published": (
        OUTCOME_KIND,
        "Your social post was published",
        "Your post sharing “{title}” is published.",
    ),
    "failed": (
        FAILURE_KIND,
        "Your social post could not be sent",
        "Your post sharing “{title}” could not be sent to {channel}. Open it to see why, "
        "then retry it.",
    ),
    "needs_reconciliation": (
        FAILURE_KIND,
        "Check whether your social post was sent",
        "We do not know whether your post sharing “{title}” reached {channel}. Check the "
        "channel, then mark the post as posted or not posted.",
    ),
}


def _post_path(post_id: int) -> str:
    return reverse("syndication_post", args=[post_id])


def review_requests_on_commit(*, post: SyndicationPost, reviewers: list[tuple[Any, list[str]]]):
    """Once committed, ask each reviewer (with the channels they may approve) to review."""
    if not reviewers:
        return
    post_id, title = post.pk, post.source_title
    transaction.on_commit(
        lambda: send_review_requests(post_id=post_id, title=title, reviewers=reviewers)
    )


def send_review_requests(*, post_id: int, title: str, reviewers) -> int:
    sent = 0
    for user, channels in reviewers:
        sent += notify(
            user=user,
            kind=REVIEW_KIND,
            subject="A social post is waiting for your approval",
            lines=[
                f"A post sharing the page “{title}” is waiting for your approval on: "
                f"{', '.join(sorted(set(channels)))}.",
                "Open it to read exactly what each channel will get, then approve or ask "
                "for changes:",
            ],
            link_path=_post_path(post_id),
            fail_silently=True,
        )
    return sent


def composer_notice_on_commit(*, post: SyndicationPost, event: str, channel: str = "") -> None:
    """Once committed, tell the post's composer about ``event`` (a key of
    ``COMPOSER_EVENTS``)."""
    if post.composed_by_id is None:
        return
    kind, subject, line = COMPOSER_EVENTS[event]
    when = (
        "at " + date_format(timezone.localtime(post.scheduled_at), "DATETIME_FORMAT")
        if post.scheduled_at
        else "now"
    )
    text = line.format(title=post.source_title, channel=channel, when=when)
    composer, post_id = post.composed_by, post.pk
    transaction.on_commit(
        lambda: notify(
            user=composer,
            kind=kind,
            subject=subject,
            lines=[text],
            link_path=_post_path(post_id),
            fail_silently=True,
        )
    )
