from __future__ import annotations

from typing import Any

REVIEW_WORKFLOW_NAME = "Clinical and compliance review"


def content_author_ids(obj: Any) -> set[int]:
    """Everyone who counts as an author: owner, named author(s), the submitter and the
    user who saved the revision under review."""
    ids: set[int] = set()
    if getattr(obj, "owner_id", None):
        ids.add(obj.owner_id)
    specific = getattr(obj, "specific", obj)
    if hasattr(specific, "review_author_ids"):
        ids |= set(specific.review_author_ids())
    state = getattr(obj, "current_workflow_state", None)
    if state is not None:
        if state.requested_by_id:
            ids.add(state.requested_by_id)
        task_state = state.current_task_state
        if task_state is not None and task_state.revision and task_state.revision.user_id:
            ids.add(task_state.revision.user_id)
    return ids


def review_workflow():
    """The active clinical-then-compliance workflow, or None if an admin disabled it."""
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first()


def revision_was_reviewed(*, revision_id: int | None) -> bool:
    from portal.review.models import ReviewedRevision

    return (
        revision_id is not None
        and ReviewedRevision.objects.filter(revision_id=revision_id).exists()
    )
