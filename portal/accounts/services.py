"""Granting and removing roles. Every change is audited by the ``m2m_changed`` handler in
``signals.py``, which also catches changes made through Wagtail's own user screens."""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.db import transaction

from portal.accounts.models import User
from portal.accounts.roles import (
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    Role,
    grant_role_collection_permissions,
    grant_role_page_permissions,
    grant_role_permissions,
)
from portal.accounts.selectors import role_group
from portal.audit.context import audit_context, current_context
from portal.audit.services import audit_record


class RoleError(ValueError):
    pass


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        choices = ", ".join(Role.values)
        raise RoleError(f"Unknown role {role!r}. Choose one of: {choices}.") from exc


@transaction.atomic
def role_grant(*, user: User, role: str, actor: Any = None, via: str = "") -> bool:
    """Give ``user`` the role; returns False when they already had it."""
    group = role_group(role=_parse_role(role))
    if user.groups.filter(pk=group.pk).exists():
        return False
    with _acting(actor, via):
        user.groups.add(group)
    return True


@transaction.atomic
def role_revoke(*, user: User, role: str, actor: Any = None, via: str = "") -> bool:
    """Take the role away; returns False when they did not have it."""
    group = role_group(role=_parse_role(role))
    if not user.groups.filter(pk=group.pk).exists():
        return False
    if actor is not None and actor.pk == user.pk and role == Role.ADMINISTRATOR:
        raise RoleError("Administrators cannot remove their own Administrator role.")
    with _acting(actor, via):
        user.groups.remove(group)
    return True


def _acting(actor: Any, via: str):
    context = current_context()
    request = context.request if context else None
    return audit_context(request=request, actor=actor, via=via or (context.via if context else ""))


@transaction.atomic
def roles_sync(*, actor: Any = None) -> None:
    """Apply ``portal/accounts/roles.py`` to the database: every role's group, permissions,
    page-tree permissions and image and document collection permissions. Adds what is
    missing and removes nothing (apps grant extra permissions in their own migrations)."""
    grant_role_permissions(django_apps, ROLE_PERMISSIONS, historical=False)
    grant_role_page_permissions(django_apps, ROLE_PAGE_PERMISSIONS)
    grant_role_collection_permissions(django_apps, ROLE_PERMISSIONS)
    with _acting(actor, "command"):
        audit_record(action="accounts.roles_synced", data={"roles": list(ROLE_PERMISSIONS)})
