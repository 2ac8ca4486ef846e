"""Steps in the Wagtail admin shared by the staff journeys."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser_helpers import (
    EDITOR_EVENTS_SCRIPT,
    EDITOR_READY_JS,
    REVIEW_WORKFLOW_NAME,
    open_more_actions,
)
from tests.journeys.harness import EDITOR_AXE

SUBMIT_ACTION = f"Submit to {REVIEW_WORKFLOW_NAME}"


def explore(journey, *names: str) -> None:
    """Walk the page explorer from the root down through ``names``, as a person would."""
    page = journey.page
    page.goto("/admin/pages/")
    for name in ("Home", *names):
        page.get_by_role("link", name=f"Explore child pages of '{name}'").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Exploring: {name}")
    journey.check(f"explorer: {names[-1] if names else 'Home'}")


def add_child_page(journey, page_type: str) -> None:
    """From the explorer: "Add child page", choosing ``page_type`` if asked."""
    page = journey.page
    page.add_init_script(EDITOR_EVENTS_SCRIPT)
    page.get_by_role("link", name="Add child page").first.click()
    if "/add/" in page.url and not re.search(r"/add/\w+/\w+/\d+/", page.url):
        journey.check("choose a page type")
        page.get_by_role("link", name=page_type, exact=True).click()
    expect(page).to_have_title(re.compile(rf"New: {page_type}"))
    page.wait_for_function(EDITOR_READY_JS)


def open_preview_panel(journey, *, title: str, awaiting: dict[str, str]) -> None:
    """The editor's side-panel preview; then the preview itself must show the page."""
    page = journey.page
    with page.expect_response(
        lambda r: "in_preview_panel" in r.url and r.request.method == "GET", timeout=30_000
    ):
        page.get_by_role("button", name="Toggle preview").click()
    frame = page.frame_locator("iframe[title='Preview']")
    page.wait_for_timeout(1500)  # the frame renders (or its blocking is reported) after that
    journey.check("preview panel", awaiting={**EDITOR_AXE, **awaiting})
    if journey.pending("preview_panel", "the preview panel shows the page being edited"):
        expect(frame.get_by_role("heading", level=1)).to_contain_text(title, timeout=20_000)
    page.get_by_role("button", name="Toggle preview").click()


def submit_for_review(journey, *, title: str) -> None:
    page = journey.page
    footer = open_more_actions(page)
    footer.get_by_role("button", name=SUBMIT_ACTION).click()
    submitted = re.compile(rf"'{re.escape(title)}' .*submitted for moderation")
    expect(page.get_by_text(submitted)).to_be_visible()
    journey.check("submitted for review")


def awaiting_row(journey, title: str):
    page = journey.page
    page.goto("/admin/")
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=title)
    expect(row).to_have_count(1)
    return row


def preview_from_dashboard(journey, *, title: str, awaiting: dict[str, str]) -> None:
    """Open the workflow preview of ``title`` from "Awaiting your review"."""
    page = journey.page
    row = awaiting_row(journey, title)
    row.get_by_role("button", name="Actions").click()
    href = row.get_by_role("link", name="Preview").get_attribute("href")
    page.goto(href)
    # While defect 1 is open this is Django's error page, which also overflows at 320 px.
    journey.check("workflow preview", awaiting={"overflow": "blog_preview", **awaiting})
    if journey.pending(awaiting.get("server", "blog_preview"), "the reviewer sees the post"):
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def approve_from_dashboard(journey, *, title: str, comment: str) -> None:
    page = journey.page
    row = awaiting_row(journey, title)
    journey.check("awaiting your review")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog").filter(has=page.get_by_label("Comment"))
    dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name="Approve with comment").click()
    expect(page.get_by_role("row").filter(has_text=title)).to_have_count(0)
    journey.check("approved")
