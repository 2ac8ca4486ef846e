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
from tests.browser_helpers import (
    EMAIL_LABEL,
    PASSWORD_LABEL,
    assert_no_serious_axe_violations,
    log_in,
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


def test_consent_signup_and_unsubscribe_screens_are_accessible(page, hub):
    """Sign-up with its policy checkboxes and errors, the re-ask page after a new version,
    and the unsubscribe confirmation: each axe-clean and reflowing at 320 px."""
    from django.urls import reverse

    from portal.consent.models import PolicyAcceptance
    from portal.consent.services import policy_publish
    from portal.notifications.services import unsubscribe_all_token

    reset_rate_limits()
    policy_publish(kind="terms", title="Terms (demo)", summary="Demo text: first version.")
    policy_publish(kind="privacy", title="Privacy (demo)", summary="Demo text: first version.")

    page.goto(reverse("account_signup"))
    # Past the browser's own checks, to see the server's errors under each field.
    page.evaluate(
        "document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))"
    )
    page.get_by_label(EMAIL_LABEL).fill("new.person@example.test")
    page.get_by_label(PASSWORD_LABEL).fill("short")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("too short")).to_be_visible()
    expect(page.get_by_text("Please accept the terms of use to go on.")).to_be_visible()
    check_screen(page)

    log_in(page, email=hub["member"].email, password=DEFAULT_PASSWORD)
    page.goto(reverse("accounthub_posts"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Please review our updated terms")
    check_screen(page)
    page.get_by_label("I accept the terms of use").check()
    page.get_by_label("I accept the privacy notice").check()
    page.get_by_role("button", name="Accept and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My posts and topics")
    assert PolicyAcceptance.objects.filter(user=hub["member"]).count() == 2

    page.goto(
        reverse("notification_unsubscribe", args=[unsubscribe_all_token(user_id=hub["other"].pk)])
    )
    check_screen(page)
    page.get_by_role("button", name="Unsubscribe from all other emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
