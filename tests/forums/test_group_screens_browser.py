"""Every support-group and moderation screen, walked in Chromium as an anonymous reader, a
member, a silenced member and a moderator: button text is readable (contrast >= 4.5:1) at
1280 px, nothing overflows at 320 px, and axe finds no serious violation nor any
heading-order or region violation (axe rates those two "moderate", we do not accept them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from forums.moderation.models import ItemKind
from forums.moderation.services import member_sanction, post_hold
from tests.browser_helpers import (
    STAFF_TOTP_SECRET,
    describe_violations,
    log_in,
    log_in_with_totp,
    log_out,
    reset_rate_limits,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.forums.browser_steps import reply_url, topic_url
from tests.forums.conftest import join, make_group
from tests.moderation.conftest import live_reply, make_world, trusted_member
from tests.page_checks import button_contrast_failures, horizontal_overflow_px, overflowing_elements

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# axe rates these "moderate"; on these screens we accept none.
STRUCTURE_RULES = frozenset({"heading-order", "region"})
SERIOUS = frozenset({"serious", "critical"})


@pytest.fixture
def screens(home):
    """A group with a topic, a held reply by a new member in the queue, a reported post, a
    second group the member has not joined, a silenced member and an on-call moderator."""
    world = make_world()
    newcomer = UserFactory(roles=["Patient"])
    join(newcomer, world["group"])
    held = live_reply(world, poster=newcomer, text="My first post here")
    item = post_hold(post=held, kind=ItemKind.NEW_MEMBER)
    other_post = live_reply(world, poster=world["other"], text="Walking helps me")
    silenced = trusted_member(world["group"])
    member_sanction(
        member=silenced,
        moderator=world["moderator"],
        kind="silence",
        reason="Repeated off-topic posts.",
        duration=timedelta(days=7),
    )
    second = make_group("Second circle")
    forum, topic = world["forum"], world["topic"]
    group_url = reverse("forum:forum", args=[forum.slug, forum.pk])
    public = {"group index": reverse("groups_index"), "group": group_url, "topic": topic_url(topic)}
    return {
        **world,
        "anonymous": public,
        "member_screens": {
            **public,
            "new topic": reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk]),
            "reply": reply_url(topic),
            "guidelines": reverse("group_guidelines"),
            "join": reverse("group_join", args=[second.pk]),
            "report": reverse("moderation_report", args=[other_post.pk]),
            "help": reverse("moderation_crisis_help"),
        },
        "silenced": silenced,
        "silenced_screens": {
            "refusal": reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk]),
        },
        "moderator_screens": {
            "queue": reverse("moderation_queue"),
            "item": reverse("moderation_item", args=[item.pk]),
            "member history": reverse("moderation_member", args=[newcomer.pk]),
            "join requests": reverse("group_join_requests"),
            "group (moderator)": group_url,
            "topic (moderator)": topic_url(topic),
        },
    }


def _walk(page, screens, check, *, width: int) -> list[str]:
    """Visit every screen as each role at ``width`` px; collect ``check``'s failures."""
    page.set_viewport_size({"width": width, "height": 900})
    failures = _visit(page, screens["anonymous"], check, "anonymous")
    reset_rate_limits()
    log_in(page, email=screens["member"].email, password=DEFAULT_PASSWORD)
    failures += _visit(page, screens["member_screens"], check, "member")
    log_out(page)
    log_in(page, email=screens["silenced"].email, password=DEFAULT_PASSWORD)
    failures += _visit(page, screens["silenced_screens"], check, "silenced member")
    log_out(page)
    log_in_with_totp(
        page,
        email=screens["moderator"].email,
        password=DEFAULT_PASSWORD,
        secret=STAFF_TOTP_SECRET,
    )
    failures += _visit(page, screens["moderator_screens"], check, "moderator")
    return failures


def _visit(page, urls: dict[str, str], check, role: str) -> list[str]:
    failures = []
    for name, url in urls.items():
        response = page.goto(url)
        assert response is not None and response.status < 500, f"{name}: {response}"
        failures += [f"{role}, {name} ({url}): {problem}" for problem in check(page)]
    return failures


def _contrast(page) -> list[str]:
    return [str(failure) for failure in button_contrast_failures(page)]


def _reflow(page) -> list[str]:
    overflow = horizontal_overflow_px(page)
    if overflow == 0:
        return []
    return [f"{overflow} px too wide: {overflowing_elements(page, limit=8)}"]


def _axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v["impact"] in SERIOUS or v["id"] in STRUCTURE_RULES]
    return [describe_violations(bad)] if bad else []


def test_every_button_on_group_and_moderation_screens_is_readable(page, screens):
    """Text contrast of every button >= 4.5:1 at 1280 px (Go off call, Reject selected, Lock
    topic, Set slow mode and Save note were white on white)."""
    failures = _walk(page, screens, _contrast, width=1280)
    assert not failures, "\n".join(failures)


def test_every_group_and_moderation_screen_reflows_at_320_px(page, screens):
    """No horizontal scrolling at 320 CSS px on any member or moderator screen."""
    failures = _walk(page, screens, _reflow, width=320)
    assert not failures, "\n".join(failures)


def test_group_and_moderation_screens_have_no_heading_order_region_or_serious_violations(
    page, screens
):
    """axe: no serious or critical violation, and no heading-order or region violation."""
    failures = _walk(page, screens, _axe, width=1280)
    assert not failures, "\n\n".join(failures)
