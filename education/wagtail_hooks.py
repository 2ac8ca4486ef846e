from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.components import Component

from education.models import EducationPage, MedicalReview
from education.selectors import reviews_due_soon, reviews_overdue
from education.services import ReviewStartError, review_start, review_startable_by

PANEL_LIMIT = 20


@dataclass(frozen=True)
class DueRow:
    page: EducationPage
    due: date
    reviewer_name: str
    can_start_review: bool


def reviewer_name(user) -> str:
    """A person's name (their physician profile's, with credentials), never their email."""
    profile = getattr(user, "physician_profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or "a former reviewer"


def _rows(reviews: list[MedicalReview], user) -> list[DueRow]:
    rows = []
    for review in reviews:
        page = review.page
        can_start = review_startable_by(page=page, user=user)
        rows.append(DueRow(page, review.next_review_due, reviewer_name(review.reviewer), can_start))
    return rows


class ReviewDuePanel(Component):
    """Dashboard: education pages overdue for medical review, and due within 30 days."""

    name = "education_review_due"
    template_name = "education/admin/review_due_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        related = ("page", "reviewer__physician_profile")
        return {
            "overdue": _rows(list(reviews_overdue().select_related(*related)[:PANEL_LIMIT]), user),
            "due_soon": _rows(
                list(reviews_due_soon().select_related(*related)[:PANEL_LIMIT]), user
            ),
            "next_url": reverse("wagtailadmin_home"),
        }


@require_POST
def start_review(request: HttpRequest, page_id: int) -> HttpResponse:
    """Dashboard action: send a page whose review is due through the review workflow."""
    page = get_object_or_404(EducationPage, pk=page_id)
    try:
        review_start(page=page, actor=request.user)
    except PermissionDenied:
        raise
    except ReviewStartError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{page.title}” was sent to clinical and compliance review.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("wagtailadmin_home")
    return HttpResponseRedirect(target)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("education/<int:page_id>/start-review/", start_review, name="education_start_review")
    ]


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels) -> None:
    if request.user.has_perm("wagtailadmin.access_admin") and (
        request.user.groups.filter(
            name__in=["Editor", "Compliance reviewer", "Administrator"]
        ).exists()
        or request.user.is_superuser
    ):
        panels.append(ReviewDuePanel())
