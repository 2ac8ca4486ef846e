"""Browser journeys: a post with a phone number is warned about, sent anyway and held; the
moderator redacts and approves it. A crisis post shows the poster the crisis resources,
emails the on-call moderator at once and is first in the queue. The moderation pages pass
axe-core."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from machina.apps.forum_conversation.models import Post
from playwright.sync_api import expect

from forums.moderation.models import ItemKind, ModerationItem, Redaction
from tests.browser_helpers import (
    assert_no_serious_axe_violations,
    log_in,
    log_in_with_totp,
    log_out,
    reset_rate_limits,
)
from tests.factories import DEFAULT_PASSWORD
from tests.forums.browser_steps import message_box, reply_url, topic_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the secret tests.fixtures_people.with_mfa sets up
PHONE_TEXT = "Happy to swap tips, my number is (555) 010-0142 after six."
REDACTED = "Happy to swap tips, [phone number removed by a moderator] after six."
CRISIS_TEXT = "Honestly I don't want to be here anymore."


def _reply(page, topic, text: str) -> None:
    page.goto(reply_url(topic))
    message_box(page).fill(text)
    page.get_by_role("button", name="Submit", exact=True).click()


def test_phone_number_is_warned_held_redacted_and_approved(page, world):
    member, moderator, topic = world["member"], world["moderator"], world["topic"]
    reset_rate_limits()
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)
    _reply(page, topic, PHONE_TEXT)

    # The warning marks the number; the text is still in the box; nothing is saved yet.
    warning = page.get_by_role("region", name="Check your post for personal information")
    expect(warning).to_be_visible()
    expect(warning.locator("mark")).to_have_text("(555) 010-0142")
    expect(message_box(page)).to_have_value(PHONE_TEXT)
    assert not Post.objects.filter(content=PHONE_TEXT).exists()
    assert_no_serious_axe_violations(page)

    # Sent anyway: held, not shown in the topic.
    warning.get_by_label(re.compile("^Post anyway")).check()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Your post is waiting for a moderator.")
    # The author sees it, marked as waiting; nobody else does.
    held = page.locator("li.post").filter(has_text="(555) 010-0142")
    expect(held).to_contain_text("Waiting for a moderator")
    item = ModerationItem.objects.get(post__content=PHONE_TEXT)
    assert item.kind == ItemKind.PHI
    log_out(page)
    page.goto(topic_url(topic))
    expect(page.get_by_text("(555) 010-0142")).to_have_count(0)

    # The moderator finds it in the queue, redacts the number and approves.
    log_in_with_totp(page, email=moderator.email, password=DEFAULT_PASSWORD, secret=TOTP_SECRET)
    page.goto("/groups/moderation/")
    row = page.locator("tr.queue-item").filter(has_text="Personal information")
    expect(row).to_have_count(1)
    assert_no_serious_axe_violations(page)
    row.get_by_role("link").click()
    expect(page.locator(".screening-preview mark")).to_have_text("(555) 010-0142")
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text("Claimed by you")).to_be_visible()
    page.get_by_label("Redacted text").fill(REDACTED)
    page.get_by_label("Approve the post after redacting").check()
    page.get_by_role("button", name="Save redaction").click()
    expect(page).to_have_url(re.compile(r"/groups/moderation/$"))
    expect(page.get_by_role("status")).to_contain_text("Approved")
    assert Redaction.objects.get().original == PHONE_TEXT

    # Readers see the redacted post; the number is nowhere.
    log_out(page)
    page.goto(topic_url(topic))
    expect(page.get_by_text(REDACTED)).to_be_visible()
    assert "010-0142" not in page.content()


def test_crisis_post_shows_help_emails_on_call_and_tops_the_queue(page, world):
    member, moderator, topic = world["member"], world["moderator"], world["topic"]
    # Something older is already waiting: the crisis item must still come first.
    from forums.moderation.services import post_hold
    from tests.moderation.conftest import live_reply

    post_hold(post=live_reply(world, poster=world["other"], text="older"), kind=ItemKind.PHI)
    reset_rate_limits()
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)
    _reply(page, topic, CRISIS_TEXT)

    expect(page).to_have_url(re.compile(r"/groups/help/$"))
    help_box = page.get_by_role("region", name=re.compile("have to face this alone"))
    expect(help_box).to_contain_text("988")
    expect(help_box.get_by_role("link", name=re.compile("^Call 988"))).to_have_attribute(
        "href", "tel:988"
    )
    assert_no_serious_axe_violations(page)
    alerts = [m for m in mail.outbox if "URGENT" in m.subject]
    assert len(alerts) == 1
    assert alerts[0].to == [moderator.email]
    assert CRISIS_TEXT not in alerts[0].body
    item = ModerationItem.objects.get(kind=ItemKind.CRISIS)
    assert item.alerted_at is not None
    log_out(page)

    log_in_with_totp(page, email=moderator.email, password=DEFAULT_PASSWORD, secret=TOTP_SECRET)
    page.goto("/groups/moderation/")
    rows = page.locator("tr.queue-item")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Crisis")
    expect(rows.first).to_contain_text(CRISIS_TEXT)


def test_reporting_a_post_and_a_silenced_members_refusal(page, world):
    """The report link on a post leads to an accessible form; a silenced member is told
    why and until when, on an accessible page."""
    from datetime import timedelta

    from forums.moderation.models import Report, SanctionKind
    from forums.moderation.services import member_sanction
    from tests.moderation.conftest import live_reply

    live_reply(world, poster=world["other"], text="Cinnamon replaces insulin, trust me.")
    reset_rate_limits()
    log_in(page, email=world["member"].email, password=DEFAULT_PASSWORD)
    page.goto(topic_url(world["topic"]))
    post = page.locator("li.post").filter(has_text="Cinnamon replaces insulin")
    post.get_by_role("link", name="Report this post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Medical misinformation").check()
    page.get_by_label("Anything the moderators should know").fill("Dangerous advice")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_contain_text("The moderators will look at this post")
    assert Report.objects.get().category == "misinformation"

    member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.SILENCE,
        reason="Demo: cooling-off period.",
        duration=timedelta(days=2),
    )
    page.goto(reply_url(world["topic"]))
    expect(page.get_by_role("alert")).to_contain_text("read-only")
    expect(page.get_by_role("alert")).to_contain_text("Demo: cooling-off period.")
    assert_no_serious_axe_violations(page)
