"""Every field in the Wagtail editor has an accessible name (axe: no serious violation).

Wagtail renders Draftail's editor, the tag widget's typing input and a ListBlock's items
without one; static/js/editor_field_names.js names each from the label beside it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from physicians.factories import BlogPostPageFactory
from tests.browser_helpers import assert_no_serious_axe_violations, reset_rate_limits
from tests.education.browser_steps import log_in_as, open_edit_form
from tests.education.conftest import draft_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BODY_WITH_LISTS = [
    {"type": "rich_text", "value": "<p>Short demo sentences. They are easy.</p>"},
    {
        "type": "key_facts",
        "value": {"heading": "Key facts", "facts": ["A first demo fact.", "A second one."]},
    },
]


def accessible_name(locator) -> str:
    return locator.evaluate(
        """(e) => e.getAttribute('aria-label') || (e.getAttribute('aria-labelledby') || '')
            .split(' ').map((id) => (document.getElementById(id) || {}).textContent || '')
            .join(' ').trim()"""
    )


def test_education_page_editor_names_rich_text_and_list_items(page, library, editor):
    """An education page with rich text and a key-facts list: axe finds nothing serious,
    and each field is named after what the editor reads beside it."""
    education = draft_page(library, editor, title="Named fields (demo)", body=BODY_WITH_LISTS)
    reset_rate_limits()
    log_in_as(page, editor)
    open_edit_form(page, page_id=education.pk)

    rich_text = page.locator(".Draftail-Editor [contenteditable='true']").first
    expect(rich_text).to_have_attribute("aria-labelledby", re.compile(r"\S"))
    assert accessible_name(rich_text) == "Rich text"
    facts = page.locator("input[name^='body-1-value-facts-'][name$='-value']")
    expect(facts).to_have_count(2)
    assert [accessible_name(facts.nth(i)) for i in range(2)] == ["Facts 1", "Facts 2"]
    assert_no_serious_axe_violations(page)

    # A list item added in the editor is named too.
    page.locator("[data-streamfield-list-add]").last.click()
    expect(facts).to_have_count(3)
    expect(facts.nth(2)).to_have_attribute("aria-label", "Facts 3")
    assert_no_serious_axe_violations(page)


def test_blog_post_editor_names_the_tag_input(page, site_pages, admin_user):
    """A blog post's editor (rich text and tags): axe finds nothing serious."""
    post = BlogPostPageFactory(parent=site_pages["blog"], title="Named tags (demo)")
    reset_rate_limits()
    log_in_as(page, admin_user)
    page.goto(f"/admin/pages/{post.pk}/edit/")
    expect(page).to_have_title(re.compile(r"Editing Blog post"))

    tag_input = page.locator("input.ui-autocomplete-input").first
    expect(tag_input).to_have_attribute("aria-labelledby", re.compile(r"\S"))
    assert accessible_name(tag_input) == "Tags"
    assert_no_serious_axe_violations(page)


def test_image_chooser_upload_form_has_no_unnamed_fields(page, library, editor):
    """The image chooser's upload tab, opened from the editor (its tag field included)."""
    education = draft_page(library, editor, title="Chooser (demo)")
    reset_rate_limits()
    log_in_as(page, editor)
    open_edit_form(page, page_id=education.pk)
    body = page.get_by_role("region", name="Body")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Image").click()
    body.get_by_role("button", name=re.compile("Choose an image")).last.click()
    dialog = page.get_by_role("dialog", name="Choose an image")
    dialog.get_by_role("tab", name="Upload").click()
    expect(dialog.get_by_role("textbox", name="Tags")).to_be_visible()
    assert_no_serious_axe_violations(page)
