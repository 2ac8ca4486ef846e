"""Medical review records, reminders and automatic unpublishing."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from education.models import EducationPage, MedicalReview, ReviewReminder
from education.readability import flesch_kincaid_grade
from education.selectors import reviews_overdue
from portal.audit.services import audit_record
from portal.notifications.services import notify

REVIEW_DUE_KIND = "education_review_due"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def medical_review_record(*, page: EducationPage, revision, reviewer) -> MedicalReview:
    """Called when a clinician approves the clinical step for this revision."""
    reviewed = timezone.localdate()
    content = revision.as_object()
    review, _ = MedicalReview.objects.update_or_create(
        revision=revision,
        defaults={
            "page": page,
            "reviewer": reviewer,
            "reviewed_on": reviewed,
            "next_review_due": add_months(reviewed, content.review_interval_months),
            "readability_grade": flesch_kincaid_grade(content.plain_text),
        },
    )
    audit_record(
        action="education.medically_reviewed",
        actor=reviewer,
        target=page,
        data={"revision": revision.pk, "next_review_due": review.next_review_due.isoformat()},
    )
    return review


@dataclass
class SweepResult:
    reminded: list[int] = field(default_factory=list)
    unpublished: list[int] = field(default_factory=list)


def review_expiry_sweep(*, today: date | None = None) -> SweepResult:
    """Daily: remind each overdue page's reviewer once; unpublish after the grace period
    when it is switched on. Safe to run any number of times a day."""
    today = today or timezone.localdate()
    result = SweepResult()
    grace = settings.PORTAL_EDUCATION_UNPUBLISH_AFTER_DAYS
    for review in reviews_overdue(today=today):
        if _remind_once(review):
            result.reminded.append(review.page_id)
        if grace is not None and review.next_review_due + timedelta(days=grace) <= today:
            _unpublish_overdue(review)
            result.unpublished.append(review.page_id)
    return result


@transaction.atomic
def _remind_once(review: MedicalReview) -> bool:
    _reminder, created = ReviewReminder.objects.get_or_create(review=review)
    if not created:
        return False
    review_id = review.pk
    transaction.on_commit(lambda: _send_reminder(review_id=review_id))
    audit_record(action="education.review_reminder_sent", actor=None, target=review.page)
    return True


def _send_reminder(*, review_id: int) -> None:
    """Email the reviewer a link to the page in the admin. If the email fails, the reminder
    is forgotten (and the failure audited) so the next daily sweep tries again."""
    review = MedicalReview.objects.select_related("page", "reviewer").get(pk=review_id)
    page = review.page
    sent = notify(
        user=review.reviewer,
        kind=REVIEW_DUE_KIND,
        subject=f"Review due: {page.title}",
        lines=[
            f"The education page “{page.title}” was due for medical review on "
            f"{review.next_review_due:%d %B %Y}. Please review it:"
        ],
        link_path=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        fail_silently=True,
    )
    if not sent and review.reviewer.is_active and review.reviewer.email:
        ReviewReminder.objects.filter(review_id=review_id).delete()
        audit_record(action="education.review_reminder_failed", actor=None, target=page)


def _unpublish_overdue(review: MedicalReview) -> None:
    page = EducationPage.objects.get(pk=review.page_id)
    page.unpublish(log_action=True)
    audit_record(
        action="education.auto_unpublished",
        actor=None,
        target=page,
        data={"next_review_due": review.next_review_due.isoformat()},
    )


class ReviewStartError(ValueError):
    pass


def review_startable_by(*, page: EducationPage, user, ignore_running: bool = False) -> bool:
    """May ``user`` send this page to review now (they may edit and submit it)?"""
    if page.workflow_in_progress and not ignore_running:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() and (
        page.workflow_in_progress or permissions.can_submit_for_moderation()
    )


@transaction.atomic
def review_start(*, page: EducationPage, actor):
    """Send a live page's current revision through the clinical and compliance review again
    (its medical review is due). Refused without permission or when a review is running."""
    page = EducationPage.objects.select_for_update().get(pk=page.pk)
    if not review_startable_by(page=page, user=actor, ignore_running=True):
        raise PermissionDenied("You cannot submit this page for review.")
    if page.workflow_in_progress:
        raise ReviewStartError(f"“{page.title}” is already in review.")
    workflow = page.get_workflow()
    if workflow is None:
        raise ReviewStartError("No review workflow is set up.")
    state = workflow.start(page, actor)
    audit_record(action="education.review_started", actor=actor, target=page)
    return state
