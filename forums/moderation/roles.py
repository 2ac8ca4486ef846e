"""Permissions the moderation app gives to roles (granted by its migration 0002)."""

_MANAGE = [
    f"moderation.{action}_{model}"
    for model in ("watchedword", "crisisphrase")
    for action in ("add", "change", "delete", "view")
]

ROLE_PERMISSIONS: dict[str, list[str]] = {"Moderator": _MANAGE, "Administrator": _MANAGE}
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {}
