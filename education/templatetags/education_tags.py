from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

from education.readability import flesch_kincaid_grade

register = template.Library()


@register.simple_tag
def readability(page) -> dict:
    """Grade and target for the reviewer banner, and a link to the changes under review."""
    from portal.review.models import ReviewedRevision

    grade = flesch_kincaid_grade(page.plain_text)
    target = settings.PORTAL_READABILITY_TARGET_GRADE
    last = ReviewedRevision.objects.filter(page_id=page.pk).order_by("-approved_at").first()
    compare_url = None
    if last is not None and page.latest_revision_id:
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, last.revision_id, page.latest_revision_id],
        )
    return {
        "grade": grade,
        "target": target,
        "above": grade is not None and grade > target,
        "compare_url": compare_url,
    }
