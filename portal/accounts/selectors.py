from __future__ import annotations

from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.accounts.privileges import (
    staff_privileges_active,
    user_has_mfa,
    user_requires_mfa,
)

__all__ = [
    "role_group",
    "staff_privileges_active",
    "user_has_mfa",
    "user_requires_mfa",
    "user_roles",
]


def user_roles(*, user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def role_group(*, role: str) -> Group:
    return Group.objects.get(name=role)
