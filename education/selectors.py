"""Read-side queries for the education library. Listings return only live, public pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from education.models import EducationIndexPage, EducationPage, MedicalReview


def library_pages(*, index: EducationIndexPage | None = None, condition=None) -> QuerySet:
    pages = EducationPage.objects.live().public()
    if index is not None:
        pages = pages.child_of(index)
    if condition is not None:
        pages = pages.filter(conditions=condition)
    return pages.order_by("title")


def current_medical_review(*, page: EducationPage) -> MedicalReview | None:
    """The clinical review of the revision that is live now, if any."""
    if not page.live or page.live_revision_id is None:
        return None
    return (
        MedicalReview.objects.select_related("reviewer__physician_profile")
        .filter(page_id=page.pk, revision_id=page.live_revision_id)
        .first()
    )


def is_review_current(page: EducationPage, *, today: date | None = None) -> bool:
    """Live, went through the review workflow, and its medical review is not yet due.
    Syndication and anything else that presents a page as vetted must check this."""
    page = page.specific if hasattr(page, "specific") else page
    if not isinstance(page, EducationPage) or not page.is_vetted:
        return False
    review = current_medical_review(page=page)
    today = today or timezone.localdate()
    return review is not None and review.next_review_due > today


def review_status(*, page: EducationPage, review: MedicalReview | None) -> str:
    if review is None:
        return "unreviewed"
    today = timezone.localdate()
    if review.next_review_due <= today:
        return "overdue"
    if review.next_review_due <= today + timedelta(days=settings.PORTAL_REVIEW_DUE_SOON_DAYS):
        return "due_soon"
    return "current"


def live_reviews() -> QuerySet[MedicalReview]:
    """The medical review of each live page's live revision."""
    return MedicalReview.objects.filter(
        page__live=True, revision_id=F("page__live_revision_id")
    ).select_related("page", "reviewer")


def reviews_overdue(*, today: date | None = None) -> QuerySet[MedicalReview]:
    today = today or timezone.localdate()
    return live_reviews().filter(next_review_due__lte=today).order_by("next_review_due")


def reviews_due_soon(*, today: date | None = None) -> QuerySet[MedicalReview]:
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PORTAL_REVIEW_DUE_SOON_DAYS)
    return (
        live_reviews()
        .filter(next_review_due__gt=today, next_review_due__lte=horizon)
        .order_by("next_review_due")
    )
