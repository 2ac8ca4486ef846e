"""Who counts as a verified clinician, told to the core by the feature app that knows
(``physicians`` registers its check in ``AppConfig.ready``), so the core never imports a
feature app. With no check registered, nobody qualifies: clinical review fails closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ClinicianCheck = Callable[..., bool]  # called as check(user=user)

_CHECKS: list[ClinicianCheck] = []


def register_clinician_check(check: ClinicianCheck) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def is_verified_clinician(*, user: Any) -> bool:
    """Every registered check passes (and at least one is registered)."""
    return bool(_CHECKS) and all(check(user=user) for check in _CHECKS)
