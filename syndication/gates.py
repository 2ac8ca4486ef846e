"""The automatic review gates. Each returns the problems found (empty = passes); the
services refuse a transition while any gate reports a problem."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import models

from portal.screening.phi import phi_kind_label
from portal.screening.services import screen_text
from syndication import app_settings
from syndication.text import LengthCheck, check_length

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


@dataclass(frozen=True)
class Span:
    """Where something was found: ``field`` is "text" or "image_alt"; ``start``/``end``
    count Unicode code points in that field."""

    kind: str
    field: str
    start: int
    end: int
    found: str


@dataclass(frozen=True)
class TextVerdict:
    """Everything the text gate sees in one channel's text; ``problems`` is what refuses
    submission and approval (the same list for the live check and for submit)."""

    problems: list[Problem]
    length: LengthCheck
    banned: list[Span]
    phi: list[Span]
    crisis: list[str]


def banned_claim_matches(text: str) -> list[tuple[str, int, int]]:
    """(claim, start, end) for every occurrence of a banned claim, in text order."""
    found = []
    for claim in app_settings.banned_claims():
        pattern = rf"(?<!\w){re.escape(claim)}(?!\w)"
        found += [(claim, m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
    return sorted(found, key=lambda match: match[1])


def banned_claims_found(text: str) -> list[str]:
    """The banned claims in ``text``, in the configured order."""
    found = {claim for claim, _, _ in banned_claim_matches(text)}
    return [claim for claim in app_settings.banned_claims() if claim in found]


def _span(kind: str, start: int, end: int, *, text: str, image_alt: str) -> Span:
    """A span in ``text + "\n" + image_alt`` mapped back to the field it is in."""
    if start < len(text):
        return Span(kind, "text", start, min(end, len(text)), text[start : min(end, len(text))])
    offset = len(text) + 1
    return Span(
        kind, "image_alt", start - offset, end - offset, image_alt[start - offset : end - offset]
    )


def text_verdict(*, text: str, image_alt: str, link: str, platform: str) -> TextVerdict:
    """Screening (PHI, crisis language), banned claims and the platform's length limit,
    with where each was found."""
    combined = f"{text}\n{image_alt}"
    screening = screen_text(combined)
    claims = banned_claim_matches(combined)
    length = check_length(text, link, platform)
    problems: list[Problem] = []
    if screening.phi:
        kinds = ", ".join(phi_kind_label(kind) for kind in screening.phi_kinds)
        problems.append(Problem("phi", f"Possible personal health information ({kinds})."))
    if screening.crisis:
        problems.append(Problem("crisis", "Crisis language: social posts must not carry it."))
    if claims:
        names = ", ".join(banned_claims_found(combined))
        problems.append(Problem("banned_claim", f"Banned claim: {names}."))
    if not length.ok:
        problems.append(
            Problem("too_long", f"{length.used} of {length.limit} {length.unit} on {platform}.")
        )
    if not text.strip():
        problems.append(Problem("empty", "The text is empty."))
    where = {"text": text, "image_alt": image_alt}
    return TextVerdict(
        problems=problems,
        length=length,
        banned=[_span(claim, s, e, **where) for claim, s, e in claims],
        phi=[_span(m.kind, m.start, m.end, **where) for m in screening.phi],
        crisis=list(dict.fromkeys(screening.crisis)),
    )


def text_problems(*, text: str, image_alt: str, link: str, platform: str) -> list[Problem]:
    """Screening (PHI, crisis language), banned claims and the platform's length limit."""
    return text_verdict(text=text, image_alt=image_alt, link=link, platform=platform).problems


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
