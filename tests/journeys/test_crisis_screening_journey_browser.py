"""A demo member's posts through screening, as `make run` serves it (issue 14): crisis posts
said indirectly, in Spanish and in slang each show help at once, are held and alert the
moderator on call; crisis language beside an address shows crisis help (not the personal
information warning); prevention talk and a run of glucose readings publish.

The texts below were written for this journey, not taken from the screening corpus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.harness import email_text

pytestmark = pytest.mark.browser

MEMBER = "member2@demo.test"  # "Quiet Otter", an established demo member
ON_CALL = "moderator@demo.test"
GROUP = "Living with diabetes (demo)"
HELP_HEADING = re.compile("You don.t have to face this alone")
TOPIC_LINK = re.compile(r"/topic/[\w-]+-\d+/$")

CRISIS_POSTS = {
    "indirect": (
        "Honestly I think everyone would be better off without me. I am just a burden on my "
        "kids with all these appointments and I can't see the point of sticking around much "
        "longer."
    ),
    "spanish": "Ya no aguanto más con este dolor. Quiero morirme, mi familia estaría mejor sin mí.",
    "slang": "ngl im done with all of it. gonna kms this weekend when everyone is away",
}
CRISIS_WITH_ADDRESS = (
    "I have been saving up my tablets and tonight I am going to take the lot. If anyone wants "
    "my knitting books come and get them from 14 Larkspur Close, Hollowbrook HB4 7QT."
)
PUBLISHED_POSTS = {
    "prevention talk": (
        "Our little team walked 5k on Saturday for suicide prevention month and the 988 "
        "volunteers at the finish line were lovely. Proud of everyone who came along!"
    ),
    "glucose readings": (
        "Fasting readings this week: 112 134 98 145 201 126 118. The nurse said the 201 was "
        "probably the birthday cake, and to keep logging."
    ),
}


def test_crisis_posts_are_held_with_help_and_an_alert_and_ordinary_ones_publish(start_journey):
    journey = start_journey("member-screening")
    page = journey.page
    journey.log_in(MEMBER)
    topic_url = _a_topic_of(journey, GROUP)
    alerts_before = len(journey.emails_to(ON_CALL))

    for name, text in CRISIS_POSTS.items():
        _reply(journey, topic_url, text)
        expect(page.get_by_role("heading", level=1)).to_have_text(HELP_HEADING)
        expect(page.get_by_role("link", name=re.compile(r"^Call \S+ now"))).to_be_visible()
        journey.check(f"crisis help after a {name} crisis post")

    _reply(journey, topic_url, CRISIS_WITH_ADDRESS)
    expect(page.get_by_role("heading", level=1)).to_have_text(HELP_HEADING)
    expect(page.get_by_text(re.compile("personal information", re.I))).to_have_count(0)
    journey.check("crisis help first for a crisis post with an address")

    for name, text in PUBLISHED_POSTS.items():
        _reply(journey, topic_url, text)
        expect(page).to_have_url(re.compile(r"/topic/"))
        expect(page.get_by_text(text[:40]).first).to_be_visible()
        journey.check(f"{name} published")

    # The moderator on call got one alert per crisis post, naming none of the post's words.
    held = [*CRISIS_POSTS.values(), CRISIS_WITH_ADDRESS]
    alerts = _wait_for_alerts(journey, alerts_before + len(held))
    for message in alerts[alerts_before:]:
        body = email_text(message)
        assert "Larkspur" not in body and "kms" not in body, body

    # Visitors see the published posts, and none of the held ones.
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out").click()
    page.goto(topic_url)
    journey.check("the topic, as a visitor")
    for text in PUBLISHED_POSTS.values():
        expect(page.get_by_text(text[:40]).first).to_be_visible()
    for text in held:
        expect(page.get_by_text(text[:30])).to_have_count(0)
    journey.check_new_emails()


def _a_topic_of(journey, group: str) -> str:
    page = journey.page
    page.goto("/groups/")
    page.locator("li.card").filter(has_text=group).get_by_role("link").first.click()
    hrefs = page.eval_on_selector_all("a[href*='/topic/']", "els => els.map(e => e.href)")
    return next(h for h in hrefs if TOPIC_LINK.search(h))


def _reply(journey, topic_url: str, text: str) -> None:
    page = journey.page
    page.goto(f"{topic_url}post/create/")
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_load_state()


def _wait_for_alerts(journey, count: int) -> list:
    for _ in range(60):
        alerts = journey.emails_to(ON_CALL)
        if len(alerts) >= count:
            return alerts
        journey.page.wait_for_timeout(500)
    found = len(journey.emails_to(ON_CALL))
    raise AssertionError(f"{found} email(s) reached {ON_CALL}, not {count}")
