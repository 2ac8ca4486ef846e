"""Editorial review gates: clinical and compliance review as Wagtail workflow tasks."""

from django.apps import AppConfig

from portal.notifications.registry import register_kind


class ReviewConfig(AppConfig):
    name = "portal.review"
    label = "review"
    verbose_name = "Clinical and compliance review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import TaskState
        from wagtail.signals import task_submitted

        from portal.review.notifications import WAGTAIL_DISPATCH_UID, review_task_notifier

        from . import signals  # noqa: F401

        # Mandatory: a staff duty; content cannot go live until a reviewer acts.
        register_kind(
            key="content_review_request",
            label="Pages waiting for your review (clinical and compliance reviewers)",
            description="A page or blog post waits for your clinical or compliance review.",
            mandatory=True,
        )
        # Take the place of Wagtail's task-submitted email (same dispatch_uid): whichever app
        # is ready first, only ours stays connected.
        task_submitted.disconnect(sender=TaskState, dispatch_uid=WAGTAIL_DISPATCH_UID)
        task_submitted.connect(
            review_task_notifier, sender=TaskState, dispatch_uid=WAGTAIL_DISPATCH_UID
        )
