from __future__ import annotations

from django.conf import settings
from django.db import models


class MemberProfile(models.Model):
    """A member's support-group identity: a pseudonym shown instead of their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_profile"
    )
    display_name = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name
