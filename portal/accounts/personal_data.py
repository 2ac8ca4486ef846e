"""What the portal holds about a person, collected and erased app by app.

Each app (core or feature) registers one provider at start-up (``AppConfig.ready``): a
section name, a function returning that section's JSON-ready data for the person's data
download, and optionally a function that erases it when an account is deleted. The account
hub only walks this registry, so the core never imports a feature app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalDataProvider:
    section: str
    export: Callable[..., Any]
    erase: Callable[..., None] | None = None
    # Lower runs first when erasing (the account itself is scrubbed last).
    order: int = 100


_PROVIDERS: dict[str, PersonalDataProvider] = {}


def register_personal_data(
    *,
    section: str,
    export: Callable[..., Any],
    erase: Callable[..., None] | None = None,
    order: int = 100,
) -> None:
    """``export(user=...)`` returns JSON-ready data; ``erase(user=...)`` removes it."""
    _PROVIDERS[section] = PersonalDataProvider(
        section=section, export=export, erase=erase, order=order
    )


def personal_data_providers() -> list[PersonalDataProvider]:
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.section))


def personal_data_export(*, user: Any) -> dict[str, Any]:
    """Every section's data, section by section."""
    return {provider.section: provider.export(user=user) for provider in personal_data_providers()}


def personal_data_erase(*, user: Any) -> list[str]:
    """Run every eraser (idempotent each); returns the sections erased."""
    erased = []
    for provider in personal_data_providers():
        if provider.erase is not None:
            provider.erase(user=user)
            erased.append(provider.section)
    return erased
