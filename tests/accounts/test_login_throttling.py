"""Login throttling: the sixth failed login in five minutes is refused on every login path."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "throttled@example.test"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _login(client, password: str, next_url: str = ""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": EMAIL, "password": password})


def _fail_five_times(client) -> None:
    for _ in range(5):
        response = _login(client, "wrong-password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_sixth_attempt_is_refused_even_with_the_right_password(client):
    """After five failures the right password is refused too, with a clear message."""
    UserFactory(email=EMAIL)
    _fail_five_times(client)
    response = _login(client, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_throttled").count() == 1


def test_five_failures_still_allow_the_right_password(client):
    """The limit is five failures: the fifth failure does not yet lock the account."""
    UserFactory(email=EMAIL)
    for _ in range(4):
        _login(client, "wrong-password")
    response = _login(client, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_wagtail_admin_login_goes_through_the_throttled_login(client):
    """/admin/login/ never authenticates by itself: it hands over to allauth's login."""
    UserFactory(email=EMAIL, roles=["Editor"])
    response = client.post(
        "/admin/login/", {"username": EMAIL, "password": DEFAULT_PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    get = client.get("/admin/login/?next=/admin/pages/")
    assert get["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fpages%2F"


def test_admin_login_refuses_the_sixth_attempt(client):
    """Failures through the admin's login path count, and the sixth is refused there too."""
    UserFactory(email=EMAIL, roles=["Editor"])
    admin_login = client.get("/admin/")["Location"]
    assert admin_login.startswith("/admin/login/")
    login_url = client.get(admin_login)["Location"]
    assert login_url.startswith(reverse("account_login"))
    for _ in range(5):
        client.post(login_url, {"login": EMAIL, "password": "wrong-password"})
    response = client.post(login_url, {"login": EMAIL, "password": DEFAULT_PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_admin_login_ignores_offsite_next_urls(client):
    """An attacker's ?next= cannot turn the admin login into an open redirect."""
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
