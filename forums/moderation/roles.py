"""Permissions the moderation app gives to roles. Each migration grants its own frozen list
(a migration must not grant permissions of models it does not know yet)."""


def _manage(*models: str) -> list[str]:
    return [
        f"moderation.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    ]


# Migration 0002: the watched words and crisis phrases.
WORD_LIST_PERMISSIONS: dict[str, list[str]] = {
    role: _manage("watchedword", "crisisphrase") for role in ("Moderator", "Administrator")
}
# Migration 0003: the clinical on-call chain that crisis alerts escalate along.
CLINICAL_CHAIN_PERMISSIONS: dict[str, list[str]] = {
    role: _manage("clinicalcontact") for role in ("Moderator", "Administrator")
}

ROLE_PERMISSIONS: dict[str, list[str]] = {
    role: [*WORD_LIST_PERMISSIONS[role], *CLINICAL_CHAIN_PERMISSIONS[role]]
    for role in ("Moderator", "Administrator")
}
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {}
