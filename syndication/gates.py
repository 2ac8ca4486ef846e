"""The automatic review gates. Each returns the problems found (empty = passes); the
services refuse a transition while any gate reports a problem."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import models

from portal.screening.services import screen_text
from syndication import app_settings
from syndication.text import check_length

SYNDICATABLE_PAGE_TYPES = ("education.educationpage", "physicians.blogpostpage")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


class GateRefused(Exception):
    """A transition refused by a review gate; ``problems`` say which and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def is_forum_content(source: object) -> bool:
    """Anything from the support groups: machina's apps and ours (``forums``, ``forum_*``)."""
    meta = getattr(source, "_meta", None)
    return meta is not None and meta.app_label.startswith("forum")


def source_problems(source: models.Model | None) -> list[Problem]:
    """Live, vetted (went through review), medical review current; never forum content."""
    if source is None:
        return [Problem("source_missing", "The source page no longer exists.")]
    if is_forum_content(source):
        return [Problem("forum_content", "Support-group content can never be syndicated.")]
    page = source.specific if hasattr(source, "specific") else source
    if page._meta.label_lower not in SYNDICATABLE_PAGE_TYPES:
        return [Problem("unsupported_source", "Only education pages and blog posts are shared.")]
    if not page.live:
        return [Problem("not_live", "The source page is not live.")]
    if not page.is_vetted:
        return [Problem("not_vetted", "The live revision did not go through review.")]
    if page._meta.label_lower == "education.educationpage":
        from education.selectors import is_review_current

        if not is_review_current(page):
            return [Problem("review_not_current", "The page's medical review is overdue.")]
    return []


def banned_claims_found(text: str) -> list[str]:
    found = []
    for claim in app_settings.banned_claims():
        if re.search(rf"(?<!\w){re.escape(claim)}(?!\w)", text, re.IGNORECASE):
            found.append(claim)
    return found


def text_problems(*, text: str, image_alt: str, link: str, platform: str) -> list[Problem]:
    """Screening (PHI, crisis language), banned claims and the platform's length limit."""
    problems: list[Problem] = []
    combined = f"{text}\n{image_alt}"
    screening = screen_text(combined)
    if screening.phi:
        kinds = ", ".join(screening.phi_kinds)
        problems.append(Problem("phi", f"Possible personal health information ({kinds})."))
    if screening.crisis:
        problems.append(Problem("crisis", "Crisis language: social posts must not carry it."))
    claims = banned_claims_found(combined)
    if claims:
        problems.append(Problem("banned_claim", f"Banned claim: {', '.join(claims)}."))
    length = check_length(text, link, platform)
    if not length.ok:
        problems.append(
            Problem("too_long", f"{length.used} of {length.limit} {length.unit} on {platform}.")
        )
    if not text.strip():
        problems.append(Problem("empty", "The text is empty."))
    return problems


def link_problems(*, link: str, source: models.Model | None) -> list[Problem]:
    """The link must lead to the live source page itself (scheme, host and path as Wagtail
    serves it; only the query string may differ)."""
    if source is None:
        return [Problem("link_mismatch", "The link has no live page to lead to.")]
    page = source.specific
    target = urlsplit(page.full_url or "")
    actual = urlsplit(link)
    same = (actual.scheme, actual.netloc, actual.path) == (
        target.scheme,
        target.netloc,
        target.path,
    )
    if not page.live or not same:
        return [Problem("link_mismatch", "The link does not lead to the live source page.")]
    return []


def delivery_content_hash(delivery) -> str:
    """What an approval is bound to: exact text, link, image (file) and alt text, and the
    source's revision."""
    post = delivery.post
    image = post.image
    payload = {
        "channel": delivery.channel_id,
        "text": delivery.text,
        "link": delivery.link,
        "image": (image.file_hash or str(image.pk)) if image is not None else None,
        "image_alt": post.image_alt,
        "source_revision": post.source_revision_id,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()
