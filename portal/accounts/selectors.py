from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.accounts.roles import STAFF_ROLES


def user_roles(*, user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def user_requires_mfa(*, user: User) -> bool:
    """Staff of any kind must protect their account with a second factor."""
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=STAFF_ROLES).exists()


def user_has_mfa(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def role_group(*, role: str) -> Group:
    return Group.objects.get(name=role)
