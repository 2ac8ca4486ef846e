"""The demo editor's journey: an education page with an image and a reference, the preview
panel, the review dashboard, and a social post composed with live warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import EDITS_SAVED_JS
from tests.education.browser_steps import Draft, fill_education_page
from tests.journeys.admin_steps import add_child_page, explore, open_preview_panel
from tests.journeys.harness import EDITOR_AXE

pytestmark = pytest.mark.browser

EDITOR = "editor@demo.test"
DRAFT = Draft(
    title="Journey: sleep and blood pressure",
    summary="How a regular sleep pattern helps keep blood pressure steady.",
    text="Going to bed at the same time each night helps your body keep a steady rhythm.",
    reference_title="Sleep and cardiovascular health (synthetic reference)",
    reference_source="Journal of Demo Medicine",
)
SOCIAL_TEXT = "This diet cures diabetes in a week! Call 555-010-0142. " + "More " * 120


def test_editor_journey(start_journey, tmp_path):
    """Write an education page, preview it, read the review dashboard, compose a post."""
    journey = start_journey("editor")
    page = journey.page
    journey.log_in_staff(EDITOR)
    journey.check("dashboard")

    # The review dashboard: pages due for medical review, each with a way to act on it.
    panel = page.get_by_role("region", name="Education pages due for medical review")
    expect(panel).to_be_visible()
    if journey.pending("review_panel", "start a review from the review-due panel"):
        action = panel.get_by_role("link", name=re.compile("start review|open", re.IGNORECASE))
        expect(action.first).to_be_visible()
    panel.get_by_role("link", name=re.compile(r"^Edit\b")).first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    journey.check("overdue page from the review panel", awaiting=EDITOR_AXE)

    explore(journey, "Education")
    add_child_page(journey, "Education page")
    journey.check("new education page", awaiting=EDITOR_AXE)
    fill_education_page(page, DRAFT)
    if journey.pending("image_upload", "upload an image into the page body"):
        _add_image(journey, _synthetic_png(tmp_path))
    journey.check("education page written", awaiting=EDITOR_AXE)
    open_preview_panel(journey, title=DRAFT.title, awaiting={})
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"has been (created|updated)")).first).to_be_visible()
    journey.check("draft saved", awaiting=EDITOR_AXE)

    # Compose a social post about a live, reviewed page: warnings appear as the text is typed.
    explore(journey, "Education")
    live_row = page.get_by_role("row").filter(has_text="Current page status: live").first
    live_row.get_by_role("button", name=re.compile("^More options")).click()
    live_row.get_by_role("link", name="Syndicate").click()
    expect(page).to_have_title(re.compile("Syndicate"))
    journey.check("compose social post")
    channel = page.locator("fieldset[data-channel-row]").first
    channel.get_by_role("checkbox").check()
    box = channel.get_by_role("textbox")
    box.fill("")
    box.press_sequentially(SOCIAL_TEXT[:80])
    box.fill(SOCIAL_TEXT)
    if journey.pending("live_syndication_warnings", "limit, claim and PHI flagged as typed"):
        # Flagged before any save: the same gates as on submit, run as the text changes.
        checks = channel.locator(".synd-checks")
        expect(checks).to_contain_text("not ready")
        expect(checks).to_contain_text("555-010-0142")
        expect(channel.locator(".synd-count")).to_contain_text("Too long")
    journey.check("social post with warnings")
    page.get_by_role("button", name="Save draft").click()
    journey.check("social post saved")


def _synthetic_png(folder: Path) -> Path:
    from PIL import Image

    path = folder / "journey-picture.png"
    Image.new("RGB", (640, 360), (40, 110, 160)).save(path)
    return path


def _add_image(journey, image: Path) -> None:
    page = journey.page
    body = page.get_by_role("region", name="Body")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Image").click()
    body.get_by_role("button", name=re.compile("Choose an image")).last.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Upload").click()
    dialog.locator("input[type=file]").set_input_files(str(image))
    # Wagtail's label holds whitespace before "Title*": match the field's accessible name.
    dialog.get_by_role("textbox", name=re.compile(r"^Title")).fill("Journey: a synthetic picture")
    dialog.get_by_role("button", name="Upload").click()
    expect(dialog).to_be_hidden()
    page.get_by_label(re.compile(r"^Alt text|Alternative text")).last.fill("A synthetic picture")
    page.wait_for_function(EDITS_SAVED_JS, arg="A synthetic picture")
