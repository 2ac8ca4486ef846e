"""Every review decision, with its comment, into the audit log."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import task_approved, task_rejected, workflow_cancelled, workflow_submitted

from portal.audit.services import audit_record


def _task_event(action: str, task_state, user) -> None:
    audit_record(
        action=action,
        actor=user,
        target=task_state.workflow_state.content_object,
        data={
            "task": task_state.task.name,
            "revision": task_state.revision_id,
            "comment": task_state.get_comment(),
        },
    )


@receiver(task_approved)
def _approved(sender, instance, user=None, **kwargs) -> None:
    _task_event("review.approved", instance, user)


@receiver(task_rejected)
def _rejected(sender, instance, user=None, **kwargs) -> None:
    _task_event("review.changes_requested", instance, user)


@receiver(workflow_submitted)
def _submitted(sender, instance, user=None, **kwargs) -> None:
    audit_record(
        action="review.submitted",
        actor=user,
        target=instance.content_object,
        data={"workflow": instance.workflow.name},
    )


@receiver(workflow_cancelled)
def _cancelled(sender, instance, user=None, **kwargs) -> None:
    audit_record(action="review.cancelled", actor=user, target=instance.content_object)
