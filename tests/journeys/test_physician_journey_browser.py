"""The demo physician's journey: write a blog post, preview it, submit it for review."""

from __future__ import annotations

import re

import pytest

from tests.browser_helpers import EDITS_SAVED_JS, open_more_actions
from tests.journeys.admin_steps import (
    add_child_page,
    explore,
    open_preview_panel,
    submit_for_review,
)
from tests.journeys.harness import EDITOR_AXE

pytestmark = pytest.mark.browser

PHYSICIAN = "physician@demo.test"
TITLE = "Journey: pacing yourself after a hospital stay"
SUMMARY = "Small steps, rest days and when to call us."
TEXT = "Plan one short activity a day and rest before you feel tired."


def test_physician_journey(start_journey):
    """A physician writes, previews and submits a post; nothing publishes it."""
    journey = start_journey("physician")
    page = journey.page
    journey.log_in_staff(PHYSICIAN)
    journey.check("dashboard")

    explore(journey, "Physicians' blog")
    add_child_page(journey, "Blog post")
    journey.check("new blog post", awaiting=EDITOR_AXE)
    page.get_by_label(re.compile(r"^Title\*?$")).fill(TITLE)
    page.get_by_label(re.compile(r"^Summary")).fill(SUMMARY)
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Rich text").click()
    page.locator(".Draftail-Editor [contenteditable='true']").first.click()
    page.keyboard.type(TEXT)
    page.wait_for_function(EDITS_SAVED_JS, arg=TEXT)
    journey.check("post written", awaiting=EDITOR_AXE)

    open_preview_panel(journey, title=TITLE, awaiting={"server": "blog_preview"})

    footer = open_more_actions(page)
    assert footer.get_by_role("button", name=re.compile("Publish")).count() == 0
    footer.get_by_role("button", name="More actions").click()
    submit_for_review(journey, title=TITLE)
