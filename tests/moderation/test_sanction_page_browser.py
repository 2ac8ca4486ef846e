"""The page a suspended member meets says why, until when, and how to reach the moderators,
and passes axe, 320 px reflow and button contrast."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forums.moderation.models import SanctionKind
from forums.moderation.services import member_sanction
from tests.browser_helpers import assert_no_serious_axe_violations, log_in, reset_rate_limits
from tests.factories import DEFAULT_PASSWORD
from tests.page_checks import button_contrast_failures, horizontal_overflow_px

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_refusal_page_shows_the_reason_end_and_moderators_contact(
    page, world, settings, tmp_path
):
    settings.PORTAL_MODERATION_CONTACT_EMAIL = "moderators@portal.example.org"
    member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.SUSPEND,
        reason="Harassment of another member.",
        duration=None,
    )
    reset_rate_limits()
    log_in(page, email=world["member"].email, password=DEFAULT_PASSWORD)
    page.goto("/groups/")
    expect(page.get_by_role("alert")).to_contain_text("Harassment of another member.")
    contact = page.get_by_role("link", name="moderators@portal.example.org")
    expect(contact).to_have_attribute("href", "mailto:moderators@portal.example.org")
    assert_no_serious_axe_violations(page)
    assert button_contrast_failures(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert horizontal_overflow_px(page) == 0
    page.screenshot(path=str(tmp_path / "sanctioned-320.png"), full_page=True)
