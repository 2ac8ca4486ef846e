"""The kinds of notification the portal sends. Feature apps register theirs at start-up
(``AppConfig.ready``), so the core never imports a feature app and the preferences page lists
every kind a person may switch off."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    description: str
    # Mandatory kinds (security, sanctions, crisis alerts) are sent even to someone who
    # unsubscribed from everything: they tell a person something they must know.
    mandatory: bool = False


_KINDS: dict[str, NotificationKind] = {}


def register_kind(*, key: str, label: str, description: str, mandatory: bool = False) -> None:
    kind = NotificationKind(key=key, label=label, description=description, mandatory=mandatory)
    existing = _KINDS.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"Notification kind {key!r} is registered twice, differently")
    _KINDS[key] = kind


def get_kind(key: str) -> NotificationKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}: register it first") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.mandatory, kind.label))


# The core's own kind.
register_kind(
    key="account",
    label="Account and security",
    description="Sign-in, password, data download and account deletion notices.",
    mandatory=True,
)
