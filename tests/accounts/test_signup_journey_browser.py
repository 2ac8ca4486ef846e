"""A new patient signs up, verifies their email and logs in, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.browser_helpers import (
    EMAIL_LABEL,
    PASSWORD_AGAIN_LABEL,
    PASSWORD_LABEL,
    log_in,
    reset_rate_limits,
)
from tests.fixtures_site import make_home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "first.visit@example.test"
PASSWORD = "Lantern-orchard-velvet-42"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def sign_up(page, *, email: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill(password)
    page.get_by_role("button", name="Sign Up").click()


def confirmation_link(email: str) -> str:
    """The link in the verification email; the live server thread shares this process's
    locmem outbox."""
    sent = [message for message in mail.outbox if email in message.to]
    assert len(sent) == 1, f"expected one email to {email}, outbox: {mail.outbox!r}"
    match = CONFIRM_LINK.search(sent[0].body)
    assert match, sent[0].body
    return match.group(0)


def test_new_patient_signs_up_verifies_email_and_logs_in(page, live_server):
    """Signup, email verification and first login end on the home page as a Patient."""
    make_home_page()
    reset_rate_limits()

    sign_up(page, email=EMAIL, password=PASSWORD)
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    page.goto(confirmation_link(EMAIL))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    log_in(page, email=EMAIL, password=PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(account_nav.get_by_role("link", name="My account")).to_be_visible()

    user = User.objects.get(email=EMAIL)
    assert list(user.groups.values_list("name", flat=True)) == [Role.PATIENT]
    assert user.emailaddress_set.get(email=EMAIL).verified
