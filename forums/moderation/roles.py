"""Permissions the moderation app gives to roles (granted by its migrations 0002 and 0003).
Moderators draft message templates; only administrators approve them."""

_MANAGE = [
    f"moderation.{action}_{model}"
    for model in ("watchedword", "crisisphrase", "messagetemplate")
    for action in ("add", "change", "delete", "view")
]
_APPROVE = ["moderation.approve_messagetemplate"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Moderator": _MANAGE,
    "Administrator": [*_MANAGE, *_APPROVE],
}
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {}
