"""WAGTAIL_FINISH_WORKFLOW_ACTION: publish exactly the approved revision and record it.

Wagtail imports this while defining its own models, so imports happen inside the function.
"""

from __future__ import annotations


def publish_reviewed_revision(workflow_state, user=None) -> None:
    from django.db import transaction

    from portal.audit.services import audit_record
    from portal.review.models import ReviewedRevision

    content = workflow_state.content_object
    revision = workflow_state.current_task_state.revision
    with transaction.atomic():
        ReviewedRevision.objects.create(
            page_id=content.pk, revision=revision, workflow_state=workflow_state, approved_by=user
        )
        revision.publish(user=user, skip_permission_checks=True)
        audit_record(
            action="review.published",
            actor=user,
            target=content,
            data={"revision": revision.pk, "workflow_state": workflow_state.pk},
        )
