from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.components import Component

from education.selectors import reviews_due_soon, reviews_overdue

PANEL_LIMIT = 20


class ReviewDuePanel(Component):
    """Dashboard: education pages overdue for medical review, and due within 30 days."""

    name = "education_review_due"
    template_name = "education/admin/review_due_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        return {
            "overdue": list(reviews_overdue()[:PANEL_LIMIT]),
            "due_soon": list(reviews_due_soon()[:PANEL_LIMIT]),
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels) -> None:
    if request.user.has_perm("wagtailadmin.access_admin") and (
        request.user.groups.filter(
            name__in=["Editor", "Compliance reviewer", "Administrator"]
        ).exists()
        or request.user.is_superuser
    ):
        panels.append(ReviewDuePanel())
