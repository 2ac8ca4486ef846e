"""Staff privileges are conditional on a second factor.

A role that needs MFA (every staff role, superusers, ``is_staff``) grants nothing until the
account has an authenticator *and* the current session authenticated with it. Until then
the person is treated as a patient everywhere: Django and Wagtail permissions, machina's
forum permissions, the moderators' view of private groups. ``StaffPrivilegesMiddleware``
decides once per request; a user object from no request (commands, tasks) is not paused.
Kept free of ``portal.accounts.models`` so the user model can import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

from portal.accounts.roles import STAFF_ROLES

if TYPE_CHECKING:
    from django.http import HttpRequest

    from portal.accounts.models import User

# Set on a user instance by the middleware: the request's verdict, so one request asks once.
VERDICT_ATTRIBUTE = "_staff_privileges_active"


def user_requires_mfa(*, user: User) -> bool:
    """Staff of any kind must protect their account with a second factor."""
    if user.is_superuser or user.is_staff or getattr(user, "_paused_flags", None):
        return True
    return user.groups.filter(name__in=STAFF_ROLES).exists()


def user_has_mfa(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_mfa(*, request: HttpRequest, user: User) -> bool:
    """allauth records each authentication step of a session; "mfa" means a second factor
    was checked (at login, at re-authentication, or when the authenticator was set up)."""
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def staff_privileges_active(*, user: User, request: HttpRequest | None = None) -> bool:
    """May this user use what their roles grant? False for a role that needs MFA while the
    account has no authenticator, or (with a request) while the session did not use it.
    Always True for an account whose roles need no MFA (it has no staff privileges)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not user_requires_mfa(user=user):
        return True
    if not user_has_mfa(user=user):
        return False
    return request is None or session_used_mfa(request=request, user=user)


def user_staff_privileges_active(user: User) -> bool:
    """The request's verdict when the middleware gave one. A user object from no request
    (a command such as ``load_demo_data``, a task queued by a gated request) is not a
    session, so nothing is paused for it."""
    verdict = getattr(user, VERDICT_ATTRIBUTE, None)
    return True if verdict is None else verdict
