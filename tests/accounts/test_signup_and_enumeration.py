"""Signup, email verification and account-enumeration resistance."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def _signup(client, email: str):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )


def _visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"\s+", " ", html)


def test_signup_gives_the_patient_role_and_sends_a_verification_email(client):
    """A new account is a Patient and must verify its email before logging in."""
    response = _signup(client, "new.patient@example.test")
    assert response.status_code == 200
    user = User.objects.get(email="new.patient@example.test")
    assert list(user.groups.values_list("name", flat=True)) == ["Patient"]
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_unverified_account_cannot_log_in(client):
    """Mandatory verification: the password alone does not open a session."""
    UserFactory(email="unverified@example.test", verified_email=False)
    client.post(
        reverse("account_login"),
        {"login": "unverified@example.test", "password": DEFAULT_PASSWORD},
    )
    assert "_auth_user_id" not in client.session


def test_signup_response_is_the_same_for_known_and_unknown_addresses(client, client_factory):
    """Signing up with a taken address looks exactly like signing up with a new one."""
    UserFactory(email="taken@example.test")
    unknown = _signup(client, "fresh@example.test")
    known = _signup(client_factory(), "taken@example.test")
    assert known.status_code == unknown.status_code == 200
    assert [url for url, _ in known.redirect_chain] == [url for url, _ in unknown.redirect_chain]
    assert _visible_text(known).replace("taken@", "X@") == _visible_text(unknown).replace(
        "fresh@", "X@"
    )
    assert User.objects.filter(email="taken@example.test").count() == 1


def test_password_reset_response_is_the_same_for_known_and_unknown_addresses(client):
    """Password reset does not reveal whether an account exists."""
    UserFactory(email="member@example.test")
    url = reverse("account_reset_password")
    known = client.post(url, {"email": "member@example.test"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.test"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert [u for u, _ in known.redirect_chain] == [u for u, _ in unknown.redirect_chain]
    assert _visible_text(known) == _visible_text(unknown)


def test_signup_with_mismatched_passwords_keeps_the_email_and_shows_an_error(client):
    """A bad signup is a form error with the input kept, not a 500 and not an account."""
    response = client.post(
        reverse("account_signup"),
        {"email": "typo@example.test", "password1": NEW_PASSWORD, "password2": "different-one-1"},
    )
    assert response.status_code == 200
    assert b'value="typo@example.test"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert not User.objects.filter(email="typo@example.test").exists()
