"""The account's own section of a person's data download, and its erasure on deletion."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from portal.accounts.models import User

# Scrubbed addresses use the reserved .invalid top-level domain (RFC 2606): never routable.
DELETED_EMAIL_DOMAIN = "deleted.invalid"


def is_scrubbed(user: User) -> bool:
    return user.email.endswith("@" + DELETED_EMAIL_DOMAIN)


def account_export(*, user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Which second factors are set up, never their secrets.
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": session.created_at,
                "last_seen_at": session.last_seen_at,
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }


def account_erase(*, user: User) -> None:
    """Scrub the account: non-routable unique email, no names, no password, no second
    factor, no session, no role; inactive. The row stays so posts and the audit log keep
    pointing at it."""
    for session in UserSession.objects.filter(user=user):
        session.end()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    if not is_scrubbed(user):
        user.email = f"deleted-{user.pk}-{secrets.token_hex(6)}@{DELETED_EMAIL_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
