"""A physician's "Submit" clicked while autosave is still creating the new post submits it.

See tests/education/test_autosave_submit_browser.py: the first autosave's answer is held back
(a slow server), so the click lands while the form still points at the create view.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from physicians.models import BlogPostPage
from tests.browser_helpers import (
    EDITOR_EVENTS_SCRIPT,
    EDITOR_READY_JS,
    REVIEW_WORKFLOW_NAME,
    STAFF_TOTP_SECRET,
    hold_first_created_autosave,
    log_in_with_totp,
    open_more_actions,
    reset_rate_limits,
    wait_until_held,
)
from tests.factories import DEFAULT_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Sleep and your heart"
SUMMARY = "Why regular sleep helps. Synthetic demo text."
TEXT = "Go to bed at the same time each night."


def test_submit_during_first_autosave_submits_the_autosaved_post(page, site_pages, make_physician):
    """Submit clicked while autosave creates the post: one post, in review, no slug error."""
    author = make_physician()
    blog = site_pages["blog"]
    reset_rate_limits()
    log_in_with_totp(
        page, email=author.user.email, password=DEFAULT_PASSWORD, secret=STAFF_TOTP_SECRET
    )

    held = hold_first_created_autosave(page)
    page.add_init_script(EDITOR_EVENTS_SCRIPT)
    page.goto(f"/admin/pages/add/physicians/blogpostpage/{blog.pk}/")
    page.wait_for_function(EDITOR_READY_JS)
    page.get_by_label(re.compile(r"^Title\*?$")).fill(TITLE)
    page.get_by_label(re.compile(r"^Summary")).fill(SUMMARY)
    page.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Rich text").click()
    page.locator(".Draftail-Editor [contenteditable='true']").click()
    page.keyboard.type(TEXT)
    wait_until_held(page, held)

    footer = open_more_actions(page)
    footer.get_by_role("button", name=f"Submit to {REVIEW_WORKFLOW_NAME}").click()
    page.wait_for_timeout(1500)  # before the fix, the form went to the create view here
    route, response = held[0]
    route.fulfill(response=response)

    page.wait_for_url(re.compile(rf"/admin/pages/{blog.pk}/$"))
    submitted = re.compile(rf"'{re.escape(TITLE)}' .*submitted for moderation")
    expect(page.get_by_text(submitted)).to_be_visible()
    expect(page.get_by_text(re.compile("already in use"))).to_have_count(0)
    assert BlogPostPage.objects.filter(title=TITLE).count() == 1
