"""Composing a social post in a real browser: live warnings and previews while typing,
then submit; a compliance reviewer approves every channel at once. Each screen is
checked with axe, for button contrast and for reflow at 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from syndication.models import Approval, PostStatus, SyndicationPost
from tests.browser_helpers import (
    STAFF_TOTP_SECRET,
    assert_no_serious_axe_violations,
    log_in_with_totp,
    log_out,
    reset_rate_limits,
)
from tests.factories import DEFAULT_PASSWORD
from tests.page_checks import (
    button_contrast_failures,
    horizontal_overflow_px,
    overflowing_elements,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOO_LONG_WITH_CLAIM = "A miracle inhaler routine. " + "Breathe in slowly and hold. " * 12
FIXED = "Know your asthma triggers: pollen, smoke and cold air."


def _check_screen(page) -> None:
    """No serious axe violation, readable buttons, no sideways scrolling at 320 px."""
    assert_no_serious_axe_violations(page)
    assert button_contrast_failures(page) == []
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert horizontal_overflow_px(page) == 0, overflowing_elements(page)
    page.set_viewport_size(size)


def test_editor_sees_live_warnings_fixes_them_and_a_reviewer_approves_all(
    page, vetted_page, editor, reviewer, mastodon, bluesky
):
    """Over the limit and a banned claim are flagged while typing (nothing is saved), the
    preview follows; once fixed the draft is saved and submitted; the reviewer approves
    both channels in one action."""
    reset_rate_limits()
    log_in_with_totp(page, email=editor.email, password=DEFAULT_PASSWORD, secret=STAFF_TOTP_SECRET)
    page.goto("/admin/syndication/")
    page.get_by_role("link", name="Compose a social post").click()
    page.get_by_role("link", name=f"Compose about {vetted_page.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Syndicate")
    _check_screen(page)

    row = page.locator(f"[data-channel-row='{bluesky.pk}']")
    row.get_by_label(f"Text for {bluesky.name}").fill(TOO_LONG_WITH_CLAIM)
    count = row.locator(f"#count-{bluesky.pk}")
    expect(count).to_contain_text(re.compile(r"^\d+ / 300 — \d+ over"))
    expect(count).to_contain_text("Too long for Bluesky")
    checks = row.locator(f"#checks-{bluesky.pk}")
    expect(checks).to_have_attribute("aria-live", "polite")
    expect(checks).to_contain_text(f"{bluesky.name}: not ready")
    expect(checks).to_contain_text("Banned claim: miracle.")
    preview = row.get_by_role("article", name="Preview on Bluesky")
    expect(preview).to_contain_text("Breathe in slowly and hold.")
    expect(preview.locator("mark")).to_contain_text("[banned claim] miracle")
    expect(preview).to_contain_text("Living with asthma")  # the link card
    assert not SyndicationPost.objects.exists()  # nothing was submitted
    _check_screen(page)

    row.get_by_label(f"Text for {bluesky.name}").fill(FIXED)
    expect(checks).to_contain_text(f"{bluesky.name}: ready")
    expect(count).to_contain_text(re.compile(r"/ 300 — \d+ left"))
    expect(preview).to_contain_text(FIXED)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Submitted for approval.")).to_be_visible()
    post = SyndicationPost.objects.get()
    assert post.status == PostStatus.AWAITING_APPROVAL
    assert post.deliveries.get(channel=bluesky).text == FIXED
    log_out(page)

    log_in_with_totp(
        page, email=reviewer.email, password=DEFAULT_PASSWORD, secret=STAFF_TOTP_SECRET
    )
    page.goto(f"/admin/syndication/{post.pk}/")
    expect(page.get_by_role("heading", name="Approve all channels")).to_be_visible()
    _check_screen(page)
    page.get_by_role("button", name="Approve all 2 channels").click()
    expect(page.get_by_text("Approved for every channel.")).to_be_visible()
    post.refresh_from_db()
    assert post.status != PostStatus.AWAITING_APPROVAL  # approved, then handed to delivery
    assert Approval.objects.filter(reviewer=reviewer).count() == 2
