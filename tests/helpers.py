"""Small assertions shared by tests."""

from __future__ import annotations

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_denied(response) -> None:
    """Refused: a 403, or Wagtail admin's redirect to the dashboard with a permission error."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/", response["Location"]
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("permission" in text.lower() for text in texts), texts


def count_queries(client, url: str, expected_status: int = 200) -> int:
    """SQL queries of one GET of ``url`` in steady state (after a warm-up request that fills
    per-process caches such as content types and site root paths)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == expected_status, (url, response.status_code)
    return len(captured)


def login_with_mfa(client, user) -> None:
    """Sign ``user`` in as allauth's MFA login leaves the session: a password step then an
    "mfa" step recorded in the session's authentication methods (the user must have a TOTP
    authenticator, see ``tests.fixtures_people.with_mfa``)."""
    client.force_login(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    now = time.time()
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
