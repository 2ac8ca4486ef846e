"""A new patient's journey through the demo portal, as `make run` serves it: read, sign up,
verify by email, join a group, post and reply (held as a new member), subscribe, report a
post, then the account hub: data download and account deletion."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import EMAIL_LABEL, PASSWORD_AGAIN_LABEL, PASSWORD_LABEL
from tests.journeys.harness import email_text

pytestmark = pytest.mark.browser

PASSWORD = "Lantern-orchard-velvet-42"
GROUP = "Living with diabetes (demo)"
PSEUDONYM = "Journey Juniper"
TOPIC_TITLE = "First week after my diagnosis"
TOPIC_TEXT = "Hello all, I was diagnosed last week and I am still finding my feet."
REPLY_TEXT = "Thank you for sharing this, it helps to read how others manage."
TOPIC_LINK = re.compile(r"/topic/[\w-]+-\d+/$")
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def test_patient_journey(start_journey, demo_server):
    """From the home page to a deleted account, every page checked."""
    journey = start_journey("patient")
    page = journey.page
    address = f"journey.patient.{int(time.time())}@example.test"

    # A visitor reads: home, blog, feeds and the sitemap carry links on the base URL.
    journey.visit("/", "home page")
    page.get_by_role("link", name="Physicians' blog").first.click()
    journey.check("blog")
    journey.check_document("/blog/feeds/rss/", content_type="xml")
    journey.check_document("/blog/feeds/atom/", content_type="xml")
    journey.check_document("/sitemap.xml", content_type="xml")
    journey.visit("/groups/", "support groups")

    # Sign up with a new address.
    page.goto("/accounts/signup/")
    journey.check("sign-up form")
    page.get_by_label(EMAIL_LABEL).fill(address)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill(PASSWORD)
    if journey.pending("signup_consent", "accept the terms of use and privacy notice"):
        page.get_by_label(re.compile("terms of use", re.IGNORECASE)).check()
        page.get_by_label(re.compile("privacy", re.IGNORECASE)).check()
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    journey.check("verify your email")

    # Verify through the emailed link.
    link = _confirmation_link(journey, address)
    assert link.startswith(demo_server.url + "/"), link
    page.goto(link)
    journey.check("confirm email")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    journey.log_in(address, password=PASSWORD)
    journey.check("logged in")
    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("button", name="Log out")).to_be_visible()

    # Join a group: pseudonym and guidelines.
    page.goto("/groups/")
    card = page.locator("li.card").filter(has_text=GROUP)
    card.get_by_role("link", name=re.compile(r"^Join")).click()
    journey.check("join form")
    page.get_by_label("Your name in support groups").fill(PSEUDONYM)
    page.get_by_label(re.compile("accept the community guidelines")).check()
    page.get_by_role("button", name="Join group").click()
    expect(page.get_by_text(f"Welcome to {GROUP}")).to_be_visible()
    journey.check("group page")
    group_url = page.url

    # Post a new topic: held for a moderator as a new member.
    page.goto(f"{group_url}topic/create/")
    journey.check("new topic form")
    page.get_by_label(re.compile(r"^Subject")).fill(TOPIC_TITLE)
    page.get_by_role("textbox", name="Message").fill(TOPIC_TEXT)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text(re.compile("validated|moderator", re.IGNORECASE)).first).to_be_visible()
    journey.check("topic held for a moderator")
    # The author finds their held topic, marked as waiting for a moderator.
    page.goto(group_url)
    expect(page.get_by_text(TOPIC_TITLE).first).to_be_visible()
    waiting = page.get_by_text(re.compile("waiting for a moderator", re.IGNORECASE))
    expect(waiting.first).to_be_visible()
    journey.check("my held topic")

    # Reply to another member's topic; report one of their posts.
    page.goto(group_url)
    hrefs = page.eval_on_selector_all("a[href*='/topic/']", "els => els.map(e => e.href)")
    topic_url = next(h for h in hrefs if TOPIC_LINK.search(h) and "first-week" not in h)
    page.goto(topic_url)
    journey.check("a topic")
    page.goto(f"{topic_url}post/create/")
    journey.check("reply form")
    page.get_by_role("textbox", name="Message").fill(REPLY_TEXT)
    page.get_by_role("button", name="Submit", exact=True).click()
    journey.check("reply sent")

    page.goto(topic_url)
    page.get_by_role("link", name="Report this post").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post")
    journey.check("report form")
    page.get_by_label("Medical misinformation").check()
    page.get_by_label("Anything the moderators should know").fill("Journey: please check this.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_contain_text("The moderators will look at this post")
    journey.check("report sent")

    # Subscribe to the group.
    page.goto("/groups/")
    page.get_by_role("button", name=f"Email me new posts in {GROUP}").click()
    expect(page.get_by_text("You will get an email for each new post")).to_be_visible()
    journey.check("subscribed")

    # The account hub: my groups and posts, preferences, data download, account deletion.
    if journey.pending("account_hub", "open the account hub from My account"):
        account_nav.get_by_role("link", name="My account").click()
        expect(page).to_have_url(re.compile(r"/account/$"))
        journey.check("account hub")
        page.get_by_role("link", name="My groups").first.click()
        expect(page.get_by_text(GROUP).first).to_be_visible()
        journey.check("my groups")
        page.goto("/account/")
        page.get_by_role("link", name="My posts and topics").first.click()
        expect(page.get_by_text(TOPIC_TITLE).first).to_be_visible()
        journey.check("my posts and topics")
        page.goto("/account/")
        page.get_by_role("link", name="Email preferences").first.click()
        journey.check("email preferences")
    if journey.pending("data_download", "download my data as a ZIP"):
        page.goto("/account/")
        page.get_by_role("link", name="Download my data").first.click()
        journey.check("download my data")
        with page.expect_download() as download:
            page.get_by_role("button", name=re.compile("Download my data")).click()
        assert download.value.suggested_filename.endswith(".zip")
    if journey.pending("account_deletion", "delete my account, with a grace period"):
        page.goto("/account/")
        page.get_by_role("link", name="Delete my account").first.click()
        journey.check("delete account form")
        page.get_by_label(re.compile("Your current password")).fill(PASSWORD)
        page.get_by_label(re.compile("I understand")).check()
        page.get_by_role("button", name="Delete my account").click()
        scheduled = page.get_by_text(re.compile("due to be deleted|undo", re.IGNORECASE))
        expect(scheduled.first).to_be_visible()
        journey.check("account deletion scheduled")
    journey.check_new_emails()


def _confirmation_link(journey, address: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for message in journey.emails_to(address):
            match = CONFIRM_LINK.search(email_text(message))
            if match:
                return match.group(0)
        time.sleep(0.5)
    raise AssertionError(f"no verification email reached {address}")
