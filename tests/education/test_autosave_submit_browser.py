"""A footer action clicked while autosave is still creating a new page saves that page.

Wagtail 8 autosave creates the page on the "Add page" form's first successful save, then
points the form at the new page's edit view. An education page autosaves successfully only
once it has a reference, so the editor typically clicks "Submit" while that first autosave is
still on its way; the submit used to post to the create view again and fail with "The slug
... is already in use". The first autosave's response is held back here (a slow server), so
the click lands inside that window every time.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from education.models import EducationPage
from tests.browser_helpers import hold_first_created_autosave, reset_rate_limits, wait_until_held
from tests.education.browser_steps import (
    SUBMIT_ACTION,
    TITLE_LABEL,
    Draft,
    footer_actions,
    log_in_as,
    open_more_actions,
    open_new_page_form,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DRAFT = Draft(
    title="Caring for a sprained ankle",
    summary="Rest, ice and when to see a doctor. Synthetic demo text.",
    text="Rest the ankle. Put ice on it. Keep it raised.",
    reference_title="Ankle sprains in adults (synthetic)",
    reference_source="Demo Journal of Sports Care",
)
SLUG_IN_USE = re.compile("already in use")


def fill_form(page, draft: Draft) -> None:
    """Title, summary, body and a reference, at typing pace, without waiting for autosave."""
    page.get_by_label(TITLE_LABEL).fill(draft.title)
    page.get_by_label(re.compile(r"^Summary")).fill(draft.summary)
    body = page.get_by_role("region", name="Body")
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Rich text").click()
    body.locator(".Draftail-Editor [contenteditable='true']").click()
    page.keyboard.type(draft.text)
    references = page.get_by_role("region", name="References")
    references.get_by_role("button", name="Insert a block").click()
    references.get_by_label(TITLE_LABEL).fill(draft.reference_title)
    references.get_by_label(re.compile(r"^Source")).fill(draft.reference_source)


@pytest.fixture
def signed_in_editor(page, editor):
    reset_rate_limits()
    log_in_as(page, editor)
    return editor


def test_submit_during_first_autosave_submits_the_autosaved_page(page, library, signed_in_editor):
    """Submit clicked while autosave creates the page: one page, in review, no slug error."""
    held = hold_first_created_autosave(page)
    open_new_page_form(page, library_id=library.pk)
    fill_form(page, DRAFT)
    wait_until_held(page, held)

    footer = open_more_actions(page)
    footer.get_by_role("button", name=SUBMIT_ACTION).click()
    page.wait_for_timeout(1500)  # before the fix, the form went to the create view here
    route, response = held[0]
    route.fulfill(response=response)

    page.wait_for_url(re.compile(rf"/admin/pages/{library.pk}/$"))
    submitted = re.compile(rf"'{re.escape(DRAFT.title)}' .*submitted for moderation")
    expect(page.get_by_text(submitted)).to_be_visible()
    expect(page.get_by_text(SLUG_IN_USE)).to_have_count(0)
    created = EducationPage.objects.filter(title=DRAFT.title)
    assert created.count() == 1
    assert created.get().current_workflow_state is not None


def test_save_draft_during_first_autosave_updates_the_autosaved_page(
    page, library, signed_in_editor
):
    """ "Save draft" clicked while autosave creates the page: saved there, no slug error."""
    held = hold_first_created_autosave(page)
    open_new_page_form(page, library_id=library.pk)
    fill_form(page, DRAFT)
    wait_until_held(page, held)

    footer_actions(page).get_by_role("button", name="Save draft").click()
    page.wait_for_timeout(1500)
    route, response = held[0]
    route.fulfill(response=response)

    created = EducationPage.objects.filter(title=DRAFT.title)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    updated = re.compile(rf"'{re.escape(DRAFT.title)}' has been updated")
    expect(page.get_by_text(updated)).to_be_visible()
    expect(page.get_by_text(SLUG_IN_USE)).to_have_count(0)
    assert created.count() == 1
    assert page.url.endswith(f"/admin/pages/{created.get().pk}/edit/")
