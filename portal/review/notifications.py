"""Review requests by email, only to people who can act on them.

Wagtail's own "submitted to a task" email goes to every member of the task's groups (and
superusers): an unverified physician, or the post's own author, would be asked to review
what they may not. For our review tasks the email goes through the portal's one sender to
exactly the people ``user_may_review`` accepts; other tasks keep Wagtail's email. The
handler takes the place of Wagtail's by its ``dispatch_uid`` (see ``ReviewConfig.ready``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState

from portal.accounts.models import User
from portal.notifications.services import notify
from portal.review.models import AuthorExcludedApprovalTask
from portal.review.selectors import content_author_ids

REVIEW_REQUEST_KIND = "content_review_request"
WAGTAIL_DISPATCH_UID = "group_approval_task_submitted_email_notification"


def review_task_reviewers(*, task_state: TaskState, task: AuthorExcludedApprovalTask) -> list:
    """Who may decide this task state: qualified members of the task's groups, minus every
    author (the submitter and the revision's author count, even before Wagtail records the
    task state as current)."""
    content = task_state.workflow_state.content_object
    authors = content_author_ids(content) | {
        task_state.workflow_state.requested_by_id,
        task_state.revision.user_id if task_state.revision else None,
    }
    candidates = User.objects.filter(groups__in=task.groups.all(), is_active=True).distinct()
    return [
        user
        for user in candidates.order_by("pk")
        if user.pk not in authors and task.reviewer_qualifies(user)
    ]


def send_review_requests(*, title: str, task_name: str, reviewers: list) -> int:
    sent = 0
    for user in reviewers:
        sent += notify(
            user=user,
            kind=REVIEW_REQUEST_KIND,
            subject=f"Review requested: {title}",
            lines=[
                f"“{title}” is waiting for your {task_name.lower()}.",
                "Preview it and approve or request changes from “Awaiting your review” on "
                "your dashboard:",
            ],
            link_path=reverse("wagtailadmin_home"),
            fail_silently=True,
        )
    return sent


class ReviewTaskSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's notifier for other tasks; ours email only those who may review, on
    commit."""

    def __call__(self, instance: Any = None, **kwargs: Any) -> bool:
        task = instance.task.specific if isinstance(instance, TaskState) else None
        if not isinstance(task, AuthorExcludedApprovalTask):
            return super().__call__(instance=instance, **kwargs)
        reviewers = review_task_reviewers(task_state=instance, task=task)
        content = instance.workflow_state.content_object
        title, task_name = str(content.get_admin_display_title()), task.name
        transaction.on_commit(
            lambda: send_review_requests(title=title, task_name=task_name, reviewers=reviewers)
        )
        return True


review_task_notifier = ReviewTaskSubmissionNotifier()
