"""Security baseline: deploy checks, secret handling and headers on every HTML response."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.fixtures_site import make_home_page

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = secrets.token_urlsafe(64)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    """manage.py check --deploy on production settings reports no issue at all."""
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=STRONG_SECRET,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        PORTAL_MODERATION_CONTACT_EMAIL="moderators@portal.example.org",
        PORTAL_BASE_URL="https://portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_check_warns_about_a_local_base_url():
    """Production left on the default http://127.0.0.1:8000 gets core.W001 from check."""
    result = _manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=STRONG_SECRET,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        PORTAL_BASE_URL="http://127.0.0.1:8000",
    )
    assert "core.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("", "DJANGO_SECRET_KEY must be set"),
        ("short", "at least 50 varied characters"),
        ("django-insecure-dev-only-key-never-use-in-production", "development key"),
        ("django-insecure-" + "x" * 30 + "abcdefghijklmnop", "default or development key"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret(secret, message):
    """A missing, short or development secret key stops production at start-up."""
    result = _manage("check", DJANGO_SECRET_KEY=secret, DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_to_start_with_debug_on():
    """DEBUG cannot be switched on under production settings."""
    result = _manage(
        "check",
        DJANGO_SECRET_KEY=STRONG_SECRET,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_DEBUG="1",
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off" in result.stderr


HTML_URLS = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/search/?q=asthma",
    "/search/?q=" + "x" * 300,
    "/groups/",
    "/does-not-exist/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", HTML_URLS)
def test_security_headers_are_on_every_html_response(client, url, settings):
    """HSTS, nosniff, Referrer-Policy, frame denial and a CSP without unsafe-inline scripts."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    make_home_page()
    response = client.get(url, secure=True)
    assert response["Content-Type"].startswith("text/html")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_security_headers_are_on_the_admin_login_flow_and_admin(client):
    """Staff pages carry the same headers (the admin login redirects to allauth)."""
    for url in ("/admin/login/", reverse("account_login") + "?next=/admin/"):
        response = client.get(url, secure=True, follow=True)
        assert "Content-Security-Policy" in response
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_only_the_staff_admin_allows_inline_scripts(client):
    """Wagtail's editor needs inline scripts and styles; the public pages never allow them."""
    from allauth.mfa.models import Authenticator

    from tests.factories import UserFactory

    editor = UserFactory(roles=["Editor"])
    Authenticator.objects.create(user=editor, type="totp", data={"secret": "X"})
    client.force_login(editor)
    admin_csp = client.get("/admin/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in admin_csp.split(";"))
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-eval'" not in admin_csp
    make_home_page()
    public_csp = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in public_csp


def test_plain_http_is_redirected_to_https_except_health(client, settings):
    """Base settings redirect to HTTPS; the health check answers load balancers on HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/search/")["Location"].startswith("https://")
    assert client.get("/healthz").status_code in (200, 503)
