"""Sign-up errors under their own fields; no re-authentication right after logging in;
MFA set-up returns to the page asked for."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.accounts.roles import Role
from tests.browser_helpers import totp_code
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _field_block(page: str, name: str) -> str:
    """The markup of one field's wrapper: from its label to its input."""
    match = re.search(
        rf'<div class="field[^"]*">\s*<label for="id_{name}">.*?<input[^>]*name="{name}"[^>]*>',
        page,
        re.S,
    )
    assert match, f"no field block for {name}"
    return match.group(0)


def test_signup_password_errors_sit_under_the_password_field(client):
    """A too-short password's error is inside the password field's block, tied to its input
    by aria-describedby, and not inside the email field's block."""
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.test", "password1": "short", "password2": "short"},
    )
    page = response.content.decode()
    email, password = _field_block(page, "email"), _field_block(page, "password1")
    assert "too short" not in email
    assert "too short" in password
    assert 'id="id_password1-errors"' in password
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_password1-errors', password)
    assert 'aria-invalid="true"' in password


def test_signup_mismatch_error_sits_under_the_second_password(client):
    """ "Type the same password" is under the confirmation field."""
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.test",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-43",
        },
    )
    page = response.content.decode()
    assert "same password" in _field_block(page, "password2")
    assert "same password" not in _field_block(page, "password1")


def _log_in(client, user) -> None:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]


def test_mfa_set_up_right_after_login_asks_for_no_password_again(client):
    """Logged in moments ago: TOTP set-up opens directly, no re-authentication."""
    user = UserFactory()
    _log_in(client, user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "Activate" in response.content.decode()


def test_mfa_set_up_long_after_login_asks_for_the_password(client, settings, monkeypatch):
    """Past the re-authentication timeout, allauth asks for the password again."""
    import time

    user = UserFactory()
    _log_in(client, user)
    later = time.time() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def _activate_totp(client, next_path: str):
    url = reverse("mfa_activate_totp") + "?next=" + next_path
    page = client.get(url).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{16,})"[^>]*id="authenticator_secret"', page)
    assert secret, "no TOTP secret on the page"
    assert f'name="next" value="{next_path}"' in page
    return client.post(
        reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1)), "next": next_path}
    )


def test_staff_sent_to_mfa_set_up_land_on_the_page_they_asked_for(client):
    """Gate → set up TOTP → recovery codes with a Continue link to /admin/pages/."""
    user = UserFactory(roles=[Role.EDITOR])
    _log_in(client, user)
    gate = client.get("/admin/pages/")
    assert gate["Location"].startswith(reverse("mfa_activate_totp"))
    response = _activate_totp(client, "/admin/pages/")
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_view_recovery_codes"))
    codes = client.get(response["Location"]).content.decode()
    assert 'href="/admin/pages/"' in codes
    assert client.get("/admin/pages/").status_code == 200


def test_an_offsite_next_is_ignored_after_mfa_set_up(client):
    """Only a same-site path: an absolute or protocol-relative URL is dropped."""
    user = UserFactory(roles=[Role.EDITOR])
    _log_in(client, user)
    page = client.get(reverse("mfa_activate_totp") + "?next=//evil.example/").content.decode()
    assert "evil.example" not in page
    secret = re.search(r'value="([A-Z2-7]{16,})"', page).group(1)
    response = client.post(
        reverse("mfa_activate_totp"),
        {"code": totp_code(secret), "next": "https://evil.example/"},
    )
    assert "evil.example" not in response["Location"]
    assert "evil.example" not in client.get(response["Location"]).content.decode()
