"""Mixin for page types that may only go live through clinical and compliance review."""

from __future__ import annotations

from portal.review.permissions import ReviewedPagePermissionTester, ReviewedSectionPermissionTester
from portal.review.selectors import review_workflow, revision_was_reviewed


class ReviewedPageMixin:
    """Always under the review workflow (whatever an admin assigns), never published directly."""

    def review_author_ids(self) -> set[int]:
        return set()

    def get_workflow(self):
        return review_workflow()

    @property
    def has_workflow(self) -> bool:
        return self.get_workflow() is not None

    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self)

    @property
    def is_vetted(self) -> bool:
        """The live revision went through the review workflow."""
        return bool(self.live) and revision_was_reviewed(revision_id=self.live_revision_id)


class ReviewedSectionMixin:
    """Index pages of reviewed content (blog, education library): new children can only be
    submitted to review, and the create page names the review workflow."""

    def get_workflow(self):
        return review_workflow()

    @property
    def has_workflow(self) -> bool:
        return self.get_workflow() is not None

    def permissions_for_user(self, user):
        return ReviewedSectionPermissionTester(user, self)
