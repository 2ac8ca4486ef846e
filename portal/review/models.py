"""Workflow tasks whose reviewers may never be the content's authors, and the record of
which revisions passed review ("vetted" means: went through the workflow)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from portal.review.registry import is_verified_clinician
from portal.review.selectors import content_author_ids


class AuthorExcludedApprovalTask(AbstractGroupApprovalTask):
    """Members of the task's groups approve or request changes, except the content's
    authors. Reviewers review (preview, compare, comment); they do not edit."""

    class Meta:
        abstract = True

    def reviewer_qualifies(self, user) -> bool:
        """The user may review this task's content in general (authorship aside)."""
        return user.is_active and self._user_in_groups(user)

    def user_may_review(self, obj, user) -> bool:
        if not self.reviewer_qualifies(user):
            return False
        return user.pk not in content_author_ids(obj)

    def user_can_access_editor(self, obj, user) -> bool:
        return False

    def locked_for_user(self, obj, user) -> bool:
        return False

    def user_can_lock(self, obj, user) -> bool:
        return False

    def get_actions(self, obj, user):
        if not self.user_may_review(obj, user):
            return []
        return [
            ("reject", "Request changes", True),
            ("approve", "Approve", False),
            ("approve", "Approve with comment", True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        if not self.user_may_review(task_state.workflow_state.content_object, user):
            raise PermissionDenied("You cannot review this content.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """What the dashboard lists under "Awaiting your review": exactly the states this
        user has actions for (never their own content, never without the qualification)."""
        if not self.reviewer_qualifies(user):
            return TaskState.objects.none()
        owned = Page.objects.filter(
            owner=user, pk=Cast(OuterRef("workflow_state__object_id"), IntegerField())
        )
        candidates = (
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
            .exclude(Exists(owned))
            .select_related("workflow_state")
        )
        # Named authors (a blog post's physician, an education page's last editor) live on
        # the specific page: the last check is per state, on the few states left.
        reviewable = [
            state.pk
            for state in candidates
            if user.pk not in content_author_ids(state.workflow_state.content_object)
        ]
        return self.task_states.filter(pk__in=reviewable)


class ClinicalReviewTask(AuthorExcludedApprovalTask):
    require_verified_physician = models.BooleanField(
        default=True,
        help_text="Only physicians whose profile an administrator verified may approve.",
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "require_verified_physician"]

    class Meta:
        verbose_name = "clinical review task"

    def reviewer_qualifies(self, user) -> bool:
        if not super().reviewer_qualifies(user):
            return False
        return not self.require_verified_physician or is_verified_clinician(user=user)

    @classmethod
    def get_description(cls) -> str:
        return "A physician who is not an author of the content approves it clinically."


class ComplianceReviewTask(AuthorExcludedApprovalTask):
    class Meta:
        verbose_name = "compliance review task"

    @classmethod
    def get_description(cls) -> str:
        return "A compliance reviewer who is not an author of the content approves it."


class ReviewedRevision(models.Model):
    """A revision that completed the review workflow and was published by it."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="reviewed_revisions")
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="review_record"
    )
    # Wagtail deletes a page's workflow states when the page is deleted; this record goes with
    # the page (CASCADE above) and must not block that (the audit log keeps the approval).
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-approved_at"]
        get_latest_by = "approved_at"

    def __str__(self) -> str:
        return f"Reviewed revision {self.revision_id} of page {self.page_id}"
