from __future__ import annotations

from typing import Any

from accounthub.models import DeletionRequest, DeletionStatus
from portal.accounts.selectors import user_requires_mfa

STAFF_CANNOT_DELETE = (
    "Staff accounts cannot be deleted here, because staff work (reviews, moderation, "
    "audit records) depends on them. Please contact an administrator, who can remove your "
    "staff roles and then close the account."
)


def pending_deletion(*, user: Any) -> DeletionRequest | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return DeletionRequest.objects.filter(user=user, status=DeletionStatus.PENDING).first()


def deletion_refusal(*, user: Any) -> str:
    """Why this person may not delete their own account, or "" if they may."""
    if user_requires_mfa(user=user):
        return STAFF_CANNOT_DELETE
    return ""


def deletion_export(*, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "status": request.status,
            "requested_at": request.requested_at,
            "due_at": request.due_at,
            "cancelled_at": request.cancelled_at,
        }
        for request in DeletionRequest.objects.filter(user=user)
    ]
