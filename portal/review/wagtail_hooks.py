from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from portal.review.pages import ReviewedPageMixin


@hooks.register("before_create_page")
def refuse_publishing_new_reviewed_pages(request, parent_page, page_class):
    """Defence in depth: a reviewed page type is never published on creation, whatever the
    parent's permissions say (Wagtail would save it live before refusing the revision)."""
    if (
        request.method == "POST"
        and issubclass(page_class, ReviewedPageMixin)
        and request.POST.get("action-publish")
    ):
        raise PermissionDenied(
            "This content goes live only through clinical and compliance review."
        )
