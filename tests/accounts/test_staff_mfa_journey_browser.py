"""Staff set up TOTP before the admin opens; patients are never asked to, in a real browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.browser_helpers import PASSWORD_LABEL, log_in, reset_rate_limits, totp_code
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.fixtures_site import make_home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOTP_ACTIVATE_PATH = "/accounts/2fa/totp/activate/"


def reauthenticate_if_asked(page, *, password: str) -> None:
    """allauth asks for the password again before an authenticator is added (it does so even
    right after login); answer it if it is shown."""
    if "/reauthenticate/" in page.url:
        page.get_by_label(PASSWORD_LABEL).fill(password)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(re.compile(re.escape(TOTP_ACTIVATE_PATH)))


def activate_totp(page) -> None:
    """Read the secret shown on the activation page and enter the current code."""
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label(re.compile(r"^Authenticator code")).fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(lambda url: TOTP_ACTIVATE_PATH not in url)


def test_staff_without_mfa_set_up_totp_before_reaching_the_admin(page):
    """An editor opening /admin/ is sent to TOTP set-up, then reaches the dashboard."""
    editor = UserFactory(roles=[Role.EDITOR])
    reset_rate_limits()
    log_in(page, email=editor.email, password=DEFAULT_PASSWORD)

    page.goto("/admin/")
    reauthenticate_if_asked(page, password=DEFAULT_PASSWORD)
    expect(page).to_have_url(re.compile(re.escape(TOTP_ACTIVATE_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")

    activate_totp(page)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".w-dashboard")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Dashboard"))

    # allauth adds recovery codes along with TOTP: one "mfa.added" event per authenticator.
    added = AuditEvent.objects.filter(action="mfa.added", target_id=str(editor.pk))
    assert sorted(event.data["type"] for event in added) == ["recovery_codes", "totp"]


def test_patient_opening_admin_is_not_sent_to_mfa_setup(page):
    """A patient lacks admin access, is never asked to set up MFA, and lands back home."""
    make_home_page()
    patient = UserFactory(roles=[Role.PATIENT])
    reset_rate_limits()
    log_in(page, email=patient.email, password=DEFAULT_PASSWORD)

    page.goto("/admin/")
    expect(page.get_by_text("does not have access to the staff admin")).to_be_visible()
    path = urlsplit(page.url).path
    assert not path.startswith(("/admin/", "/accounts/2fa/")), page.url
    assert not Authenticator.objects.filter(user=patient).exists()
