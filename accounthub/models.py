from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeletionStatus(models.TextChoices):
    PENDING = "pending", "Pending (can be undone)"
    CANCELLED = "cancelled", "Undone"
    COMPLETED = "completed", "Completed"


class DeletionRequest(models.Model):
    """A person asked to delete their account. Until ``due_at`` they can undo it; then the
    sweep removes their personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_requests"
    )
    status = models.CharField(
        max_length=10, choices=DeletionStatus.choices, default=DeletionStatus.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="accounthub_one_pending_deletion",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"Deletion of user {self.user_id} ({self.status})"
