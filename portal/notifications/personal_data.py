"""Notification preferences in a person's data download, and their erasure."""

from __future__ import annotations

from typing import Any

from portal.notifications.models import NotificationPreferences
from portal.notifications.services import preferences_for


def preferences_export(*, user: Any) -> dict[str, Any]:
    preferences = preferences_for(user=user)
    return {
        "unsubscribed_from_all": preferences.all_off,
        "muted_kinds": list(preferences.muted_kinds),
        "updated_at": preferences.updated_at,
    }


def preferences_erase(*, user: Any) -> None:
    NotificationPreferences.objects.filter(user=user).delete()
