"""The demo moderator's journey: the queue at 1280 and 320 px, and every action on the demo's
queue items (claim, approve, reject with a reason, redact, lock, slow mode, a private note, a
sanction, going off and on call)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MODERATOR = "moderator@demo.test"
QUEUE = "/groups/moderation/"
# The author of the demo's reported post ("Patient Pine" in forums/demo.py).
REPORTED_AUTHOR = "member4@demo.test"


def test_moderator_journey(start_journey):
    """Every moderation action, from the demo's own queue."""
    journey = start_journey("moderator")
    page = journey.page
    journey.log_in_staff(MODERATOR, then=QUEUE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    journey.check("queue")

    # On call: off, then on again.
    page.get_by_role("button", name="Go off call").click()
    expect(page.get_by_role("button", name="Go on call")).to_be_visible()
    journey.check("off call")
    page.get_by_role("button", name="Go on call").click()
    expect(page.get_by_role("button", name="Go off call")).to_be_visible()
    journey.check("on call")

    # A watched-word post: claim it, then approve it.
    _open_item(journey, "Watched word")
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text("Claimed by you")).to_be_visible()
    journey.check("claimed")
    page.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(page).to_have_url(re.compile(re.escape(QUEUE) + r"$"))
    expect(page.get_by_role("status")).to_contain_text("Approved")
    journey.check("approved")

    # A new member's held post: reject it with a reason sent to the member.
    _open_item(journey, "New member")
    page.get_by_label("Reason", exact=True).select_option(label="Medical misinformation")
    page.get_by_role("button", name="Reject", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(QUEUE) + r"$"))
    journey.check("rejected with a reason")

    # A post with personal information: redact it and approve it.
    _open_item(journey, "Personal information")
    page.get_by_label("Redacted text").fill("[personal information removed by a moderator]")
    page.get_by_label("Approve the post after redacting").check()
    page.get_by_role("button", name="Save redaction").click()
    expect(page).to_have_url(re.compile(re.escape(QUEUE) + r"$"))
    journey.check("redacted and approved")

    # A reported post: lock its topic, slow the topic down, note and sanction its author.
    _open_item(journey, "Reported")
    item_url = page.url
    page.get_by_role("button", name="Lock topic").click()
    expect(page.get_by_role("button", name="Unlock topic")).to_be_visible()
    journey.check("topic locked")
    page.goto(item_url)
    page.get_by_label(re.compile(r"^Slow mode")).fill("10")
    page.get_by_role("button", name="Set slow mode").click()
    journey.check("slow mode set")
    page.goto(item_url)
    page.get_by_label("Private note").fill("Journey: asked the member to cite sources.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Journey: asked the member to cite sources.")).to_be_visible()
    journey.check("note saved")
    page.goto(item_url)
    page.get_by_label("Sanction", exact=True).select_option(label="Warning")
    page.get_by_label("Reason (shown to the member)").fill("Journey: please cite sources.")
    page.get_by_role("button", name="Apply sanction").click()
    sanctions = page.get_by_role("region", name="Sanctions").or_(page.locator("body"))
    expect(sanctions.get_by_text("Journey: please cite sources.").first).to_be_visible()
    journey.check("sanction applied")
    if journey.pending("sanction_email", "the sanctioned member is emailed"):
        assert journey.wait_for_email(REPORTED_AUTHOR), f"no email reached {REPORTED_AUTHOR}"

    # Back to the queue; the remaining items are still there at both widths.
    page.goto(QUEUE)
    journey.check("queue afterwards")


def _open_item(journey, kind: str) -> None:
    page = journey.page
    page.goto(QUEUE)
    row = page.locator("tr.queue-item").filter(has=page.locator(".badge", has_text=kind)).first
    row.locator("td a").first.click()
    expect(page).to_have_url(re.compile(r"/moderation/items/\d+/$"))
    journey.check(f"item: {kind.lower()}")
