"""Steps a person takes in the Wagtail admin to write and review an education page, for the
browser tests in this directory (fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import expect

from tests.browser_helpers import (
    EDITOR_EVENTS_SCRIPT,
    EDITOR_READY_JS,
    EDITS_SAVED_JS,
    REVIEW_WORKFLOW_NAME,
    STAFF_TOTP_SECRET,
    footer_actions,
    log_in_with_totp,
    open_more_actions,
)
from tests.factories import DEFAULT_PASSWORD

TOTP_SECRET = STAFF_TOTP_SECRET
WORKFLOW_NAME = REVIEW_WORKFLOW_NAME
SUBMIT_ACTION = f"Submit to {WORKFLOW_NAME}"
CLINICAL_TASK = "Clinical peer review"
COMPLIANCE_TASK = "Compliance review"

# The page's title field is labelled "Title" ("Title*" when required); so is a reference's.
TITLE_LABEL = re.compile(r"^Title\*?$")
SUMMARY_LABEL = re.compile(r"^Summary")
SOURCE_LABEL = re.compile(r"^Source")
PUBLISH = re.compile("Publish", re.IGNORECASE)

# Sends the whole edit form plus ``action-publish``: what a forged "Publish" would post.
POST_WITH_PUBLISH_JS = """
() => {
    const form = document.querySelector("form[data-edit-form]");
    const publish = document.createElement("input");
    publish.type = "hidden";
    publish.name = "action-publish";
    publish.value = "action-publish";
    form.append(publish);
    form.submit();
}
"""
CSRF_TOKEN_JS = "() => JSON.parse(document.getElementById('wagtail-config').textContent).CSRF_TOKEN"


@dataclass(frozen=True)
class Draft:
    """What the editor types into the education page form."""

    title: str
    summary: str
    text: str
    reference_title: str
    reference_source: str


def log_in_as(page, user) -> None:
    """Password, then the TOTP step: every staff role has MFA set up."""
    log_in_with_totp(page, email=user.email, password=DEFAULT_PASSWORD, secret=TOTP_SECRET)


def _watch_editor(page) -> None:
    if not getattr(page, "_watching_editor_events", False):
        page.add_init_script(EDITOR_EVENTS_SCRIPT)
        page._watching_editor_events = True


def open_new_page_form(page, *, library_id: int) -> None:
    _watch_editor(page)
    page.goto(f"/admin/pages/add/education/educationpage/{library_id}/")
    expect(page).to_have_title(re.compile(r"New: Education page"))
    page.wait_for_function(EDITOR_READY_JS)


def open_edit_form(page, *, page_id: int) -> None:
    _watch_editor(page)
    page.goto(f"/admin/pages/{page_id}/edit/")
    expect(page).to_have_title(re.compile(r"Editing Education page"))
    page.wait_for_function(EDITOR_READY_JS)


def close_more_actions(page) -> None:
    footer = footer_actions(page)
    footer.get_by_role("button", name="More actions").click()


def expect_footer_offers(page, offered: str, *, refused: re.Pattern) -> None:
    """With the footer's dropdown open, ``offered`` is there and nothing matching ``refused``
    is, neither in the dropdown nor as the main action."""
    footer = open_more_actions(page)
    expect(footer.get_by_role("button", name=offered, exact=True)).to_be_visible()
    expect(footer.get_by_role("button", name=refused)).to_have_count(0)
    close_more_actions(page)
    expect(footer.get_by_role("button", name=offered, exact=True)).to_be_hidden()


def fill_education_page(page, draft: Draft) -> None:
    """Title, summary, one rich-text body block and one reference, then wait for autosave."""
    page.get_by_label(TITLE_LABEL).fill(draft.title)
    page.get_by_label(SUMMARY_LABEL).fill(draft.summary)

    body = page.get_by_role("region", name="Body")
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Rich text").click()
    body.locator(".Draftail-Editor [contenteditable='true']").click()
    page.keyboard.type(draft.text)

    # A stream of one block type: "+" adds a Reference straight away, with no chooser.
    references = page.get_by_role("region", name="References")
    references.get_by_role("button", name="Insert a block").click()
    references.get_by_label(TITLE_LABEL).fill(draft.reference_title)
    references.get_by_label(SOURCE_LABEL).fill(draft.reference_source)
    # Submitting while an autosave is on its way could race it; wait as a person would.
    page.wait_for_function(EDITS_SAVED_JS, arg=draft.reference_source)


def submit_for_review(page, *, title: str, library_id: int) -> None:
    """The footer's "Submit to Clinical and compliance review" (create or edit view); Wagtail
    then lists the library's pages with a confirmation."""
    footer = open_more_actions(page)
    footer.get_by_role("button", name=SUBMIT_ACTION).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{library_id}/$"))
    submitted = re.compile(rf"'{re.escape(title)}' .*submitted for moderation")
    expect(page.get_by_text(submitted)).to_be_visible()


def open_dashboard(page):
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Patient portal")).to_be_visible()


def awaiting_review_row(page, *, title: str):
    """The page's row in the dashboard's "Awaiting your review" panel."""
    open_dashboard(page)
    awaiting = page.get_by_role("region", name="Awaiting your review")
    return awaiting.get_by_role("row").filter(has_text=title)


def approve_from_dashboard(page, *, title: str, comment: str) -> None:
    """Approve the current task from the dashboard's "Awaiting your review" panel."""
    row = awaiting_review_row(page, title=title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog").filter(has=page.get_by_label("Comment"))
    dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name="Approve with comment").click()
    expect(page.get_by_role("row").filter(has_text=title)).to_have_count(0)


def post_edit_form_with_publish(page, *, page_id: int) -> None:
    """From the open edit view, send its form with ``action-publish`` added."""
    with page.expect_navigation(url=re.compile(rf"/admin/pages/{page_id}/edit/$")):
        page.evaluate(POST_WITH_PUBLISH_JS)


def post_workflow_action(page, *, page_id: int, action: str, task_state_id: int):
    """POST a workflow action (as the dashboard's buttons do), with the admin's CSRF token;
    return the response, redirects not followed."""
    token = page.evaluate(CSRF_TOKEN_JS)
    return page.request.post(
        f"/admin/pages/workflow/action/{page_id}/{action}/{task_state_id}/",
        form={"csrfmiddlewaretoken": token},
        max_redirects=0,
    )
