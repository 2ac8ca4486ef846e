from __future__ import annotations

import difflib
import re

from django import template
from django.conf import settings

from education.readability import flesch_kincaid_grade

register = template.Library()

MAX_CHANGED_LINES = 60


@register.simple_tag
def readability(page) -> dict:
    """Grade and target for the reviewer banner, and the text changes since the revision
    that last passed review (reviewers cannot open Wagtail's compare view: they may not edit)."""
    grade = flesch_kincaid_grade(page.plain_text)
    target = settings.PORTAL_READABILITY_TARGET_GRADE
    return {
        "grade": grade,
        "target": target,
        "above": grade is not None and grade > target,
        "changes": changes_since_last_review(page),
    }


def changes_since_last_review(page) -> dict:
    from portal.review.models import ReviewedRevision

    last = ReviewedRevision.objects.filter(page_id=page.pk).order_by("-approved_at").first()
    if last is None:
        return {"first_review": True, "lines": []}
    before = _sentences(last.revision.as_object().plain_text)
    after = _sentences(page.plain_text)
    lines = [(line[0], line[2:]) for line in difflib.ndiff(before, after) if line[:1] in ("-", "+")]
    return {"first_review": False, "lines": lines[:MAX_CHANGED_LINES]}


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if part.strip()]
