from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationPreferences(models.Model):
    """One row per person who changed a preference; no row means every kind is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    all_off = models.BooleanField(
        default=False, help_text="Unsubscribed from every email that is not mandatory."
    )
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Notification preferences of user {self.user_id}"
