"""A patient walks the account hub in Chromium: preferences saved, data downloaded and its
JSON checked, deletion requested then undone; axe, button contrast and 320 px reflow on
every screen."""

from __future__ import annotations

import json
import zipfile

import pytest
from playwright.sync_api import expect

from accounthub.models import DeletionRequest, DeletionStatus
from forums.models import GroupSubscription
from portal.notifications.services import preferences_for
from tests.browser_helpers import assert_no_serious_axe_violations, log_in, reset_rate_limits
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


def check_screen(page) -> None:
    """axe, button text contrast at 1280 px, and no horizontal overflow at 320 px."""
    assert_no_serious_axe_violations(page)
    failures = button_contrast_failures(page)
    assert not failures, "\n".join(map(str, failures))
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = horizontal_overflow_px(page)
    assert overflow <= 0, f"{page.url} overflows by {overflow}px: {overflowing_elements(page)}"
    assert_no_serious_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_patient_walks_the_account_hub(page, hub, tmp_path):
    """Overview → groups → posts → reports → preferences → security → sessions → data → delete
    and undo, each screen checked."""
    reset_rate_limits()
    member, group = hub["member"], hub["group"]
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)

    page.get_by_role("navigation", name="Account").get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1, name="My account")).to_be_visible()
    check_screen(page)

    hub_nav = page.get_by_role("navigation", name="Your account")
    for link, heading in (
        ("My groups", "My groups"),
        ("My posts", "My posts and topics"),
        ("My reports", "Reports I made"),
        ("Sign-in and security", "Sign-in and security"),
    ):
        hub_nav.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        if link == "My posts":
            expect(page.get_by_text("Waiting for a moderator").first).to_be_visible()
        check_screen(page)

    page.get_by_role("link", name="Where you are signed in").click()
    expect(page.get_by_role("navigation", name="Your account")).to_be_visible()
    check_screen(page)

    hub_nav = page.get_by_role("navigation", name="Your account")
    hub_nav.get_by_role("link", name="Email preferences").click()
    check_screen(page)
    page.get_by_role("group", name=group.forum.name).get_by_label("One daily digest").check()
    page.get_by_label("Stop all emails that are not about my account's safety").check()
    page.get_by_role("button", name="Save email preferences").click()
    expect(page.get_by_text("Your email preferences are saved.")).to_be_visible()
    assert GroupSubscription.objects.get(user=member, group=group).digest is True
    assert preferences_for(user=member).all_off is True

    page.get_by_role("navigation", name="Your account").get_by_role("link", name="My data").click()
    check_screen(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (ZIP)").click()
    target = tmp_path / "data.zip"
    download_info.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        account = json.loads(archive.read("account.json"))
        posts = json.loads(archive.read("posts.json"))
        preferences = json.loads(archive.read("notification_preferences.json"))
    assert account["email"] == member.email
    assert {post["status"] for post in posts} >= {"published", "held", "rejected", "removed"}
    assert preferences["unsubscribed_from_all"] is True

    nav = page.get_by_role("navigation", name="Your account")
    nav.get_by_role("link", name="Delete account").click()
    check_screen(page)
    page.get_by_label("Your current password").fill(DEFAULT_PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    banner = page.get_by_role("region", name="Your account is due to be deleted")
    expect(banner).to_be_visible()
    check_screen(page)
    assert DeletionRequest.objects.get(user=member).status == DeletionStatus.PENDING
    page.goto("/")
    page.get_by_role("button", name="Undo: keep my account").click()
    expect(page.get_by_text("Your account will not be deleted.")).to_be_visible()
    expect(page.get_by_role("region", name="Your account is due to be deleted")).to_have_count(0)
    assert DeletionRequest.objects.get(user=member).status == DeletionStatus.CANCELLED
