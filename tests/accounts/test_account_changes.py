"""Changing password and email: they work, keep the session, and are audited once."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.urls import reverse

from portal.audit.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "an-even-longer-new-passphrase-77"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_password_change_is_applied_and_audited_once(client):
    """The new password works, the old one does not, one audit event."""
    user = UserFactory(email="changer@example.test")
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert authenticate(email=user.email, password=NEW_PASSWORD) == user
    assert authenticate(email=user.email, password=DEFAULT_PASSWORD) is None
    assert AuditEvent.objects.filter(action="auth.password_changed", actor=user).count() == 1
    assert "_auth_user_id" in client.session


def test_wrong_current_password_is_a_form_error(client):
    """Nothing changes, and the form says why."""
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert authenticate(email=user.email, password=DEFAULT_PASSWORD) == user
    assert not AuditEvent.objects.filter(action="auth.password_changed").exists()


def test_new_email_must_be_verified_before_it_counts(client):
    """Adding an address sends a verification email; it is not primary until verified."""
    from django.core import mail

    user = UserFactory(email="old@example.test")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.test"})
    added = EmailAddress.objects.get(user=user, email="new@example.test")
    assert not added.verified and not added.primary
    assert any("new@example.test" in message.to for message in mail.outbox)
    user.refresh_from_db()
    assert user.email == "old@example.test"
