"""Send a notification email, respecting the person's preferences.

Rules every caller gets for free: the email carries a link, never member text (callers pass
their own neutral lines); non-mandatory kinds are skipped for someone who muted the kind or
unsubscribed from everything; every optional email has a one-click unsubscribe link
(RFC 8058 headers) and a link to the preferences page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from portal.audit.services import audit_record
from portal.core.urls import absolute_url
from portal.notifications.models import NotificationPreferences
from portal.notifications.registry import all_kinds, get_kind

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
PREFERENCES_URL_NAME = "notification_preferences"
UNSUBSCRIBE_URL_NAME = "notification_unsubscribe"


def notification_allowed(*, user: Any, kind: str) -> bool:
    """Whether ``user`` should get an email of ``kind`` now."""
    registered = get_kind(kind)
    if not getattr(user, "email", "") or not getattr(user, "is_active", False):
        return False
    if registered.mandatory:
        return True
    preferences = NotificationPreferences.objects.filter(user_id=user.pk).first()
    if preferences is None:
        return True
    return not preferences.all_off and kind not in preferences.muted_kinds


def preferences_for(*, user: Any) -> NotificationPreferences:
    """The person's preferences (unsaved defaults when they never changed any)."""
    return NotificationPreferences.objects.filter(user_id=user.pk).first() or (
        NotificationPreferences(user=user)
    )


@transaction.atomic
def preferences_update(
    *, user: Any, muted_kinds: list[str], all_off: bool
) -> NotificationPreferences:
    """Save the person's choices; mandatory and unknown kinds cannot be muted."""
    optional = {kind.key for kind in all_kinds() if not kind.mandatory}
    unknown = set(muted_kinds) - {kind.key for kind in all_kinds()}
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    preferences, _ = NotificationPreferences.objects.get_or_create(user=user)
    preferences.muted_kinds = sorted(set(muted_kinds) & optional)
    preferences.all_off = all_off
    preferences.save()
    return preferences


def unsubscribe_all_token(*, user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_all(*, token: str) -> int:
    """Apply a one-click "unsubscribe from all"; returns the user id.
    Raises ``signing.BadSignature`` for a forged or damaged token."""
    user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)["u"]
    NotificationPreferences.objects.update_or_create(user_id=user_id, defaults={"all_off": True})
    return user_id


def notify(
    *,
    user: Any,
    kind: str,
    subject: str,
    lines: list[str],
    link_path: str | None = None,
    headers: dict[str, str] | None = None,
    fail_silently: bool = False,
) -> bool:
    """Email ``user`` if their preferences allow ``kind``. ``lines`` must never hold member
    text; ``link_path`` (a path such as ``/groups/...``) is made absolute with the configured
    base URL. ``headers`` win over the default ones (a list's own one-click unsubscribe, a
    Reply-To, a priority). Returns whether an email was sent; a failed send is logged and
    audited (and raised unless ``fail_silently``)."""
    if not notification_allowed(user=user, kind=kind):
        return False
    registered = get_kind(kind)
    body = list(lines)
    if link_path:
        body.append(absolute_url(link_path))
    all_headers: dict[str, str] = {}
    footer = _footer(user=user, mandatory=registered.mandatory, headers=all_headers)
    all_headers.update(headers or {})
    message = EmailMessage(
        subject=subject, body="\n\n".join([*body, *footer]), to=[user.email], headers=all_headers
    )
    try:
        message.send(fail_silently=False)
    except Exception:
        logger.exception("notification %s to user %s could not be sent", kind, user.pk)
        audit_record(action="notification.failed", actor=None, data={"kind": kind, "user": user.pk})
        if not fail_silently:
            raise
        return False
    return True


def notify_address(
    *,
    email: str,
    kind: str,
    subject: str,
    lines: list[str],
    link_path: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Email someone who has no account (a clinical on-call contact). Only mandatory kinds:
    there are no preferences to respect and no unsubscribe page to offer. The same rule as
    ``notify``: ``lines`` never hold member text. A failed send is logged, audited and
    raised, so the caller can retry."""
    if not get_kind(kind).mandatory:
        raise ValueError(f"{kind} is optional: only mandatory kinds reach people without accounts")
    body = list(lines)
    if link_path:
        body.append(absolute_url(link_path))
    message = EmailMessage(
        subject=subject, body="\n\n".join(body), to=[email], headers=dict(headers or {})
    )
    try:
        message.send(fail_silently=False)
    except Exception:
        logger.exception("notification %s to an address could not be sent", kind)
        audit_record(action="notification.failed", actor=None, data={"kind": kind})
        raise


def notify_on_commit(**kwargs: Any) -> None:
    """``notify`` once the current transaction commits (nothing is sent for a change that
    is rolled back); a failed send is logged and audited and never undoes the change."""
    transaction.on_commit(lambda: notify(**kwargs, fail_silently=True))


def _footer(*, user: Any, mandatory: bool, headers: dict[str, str]) -> list[str]:
    try:
        preferences = absolute_url(reverse(PREFERENCES_URL_NAME))
        unsubscribe = absolute_url(
            reverse(UNSUBSCRIBE_URL_NAME, args=[unsubscribe_all_token(user_id=user.pk)])
        )
    except NoReverseMatch:  # the account hub's pages are not mounted (a bare test project)
        return []
    if mandatory:
        return [f"Your email preferences: {preferences}"]
    headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return [
        f"Choose which emails you get: {preferences}",
        f"Stop all emails that are not about your account's safety: {unsubscribe}",
    ]
