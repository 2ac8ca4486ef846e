"""Search by keyboard only: the box, a facet, and the autocomplete combobox; axe scan."""

from __future__ import annotations

import re

import pytest

from portal.taxonomy.factories import ConditionFactory
from tests.browser_helpers import assert_no_serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, element_id: str, *, limit: int = 60, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the element has focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press(key)
    raise AssertionError(f"#{element_id} never received focus by {key}")


def tab_to_link(page, text: str, *, limit: int = 80) -> None:
    for _ in range(limit):
        focused = page.evaluate(
            "document.activeElement && document.activeElement.tagName === 'A' "
            "? document.activeElement.textContent.trim() : ''"
        )
        if focused.startswith(text):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no link starting {text!r} was reached by Tab")


def test_search_with_a_facet_and_the_autocomplete_by_keyboard_only(page, make_education):
    asthma = ConditionFactory(name="Asthma")
    make_education("Asthma action plans", text="Inhaler steps.", conditions=[asthma])
    make_education("Asthma in children", text="Inhaler spacers for children.")
    make_education("Eczema care", text="Moisturise daily.")

    page.goto("/search/")
    tab_to(page, "search-q")
    page.keyboard.type("inhaler")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=inhaler*")
    assert page.locator("#results-heading").inner_text() == "2 results for “inhaler”"
    assert_no_serious_axe_violations(page)

    # A condition facet, by keyboard.
    tab_to_link(page, "Asthma (1)")
    page.keyboard.press("Enter")
    page.wait_for_url("**condition=*")
    assert page.locator("#results-heading").inner_text() == "1 result for “inhaler”"
    assert page.locator(".results h3").all_inner_texts() == ["Asthma action plans"]
    assert page.locator('.search-facets a[aria-current="true"]').inner_text() == "Asthma (1)"

    # The autocomplete: type, arrow down to a suggestion, Enter opens it.
    page.keyboard.press("Home")  # back to the top of the page
    tab_to(page, "search-q", backwards=True)
    page.keyboard.press("Control+A")
    page.keyboard.type("asth")
    combobox = page.locator("#search-q")
    options = page.locator("#search-suggestions [role=option]")
    options.first.wait_for()
    assert combobox.get_attribute("aria-expanded") == "true"
    assert [t.split(" · ")[0] for t in options.all_inner_texts()] == [
        "Asthma action plans",
        "Asthma in children",
    ]
    assert "2 suggestions" in page.locator("#search-suggestions-status").inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert combobox.get_attribute("aria-activedescendant") == "search-suggestion-1"
    assert options.nth(1).get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert combobox.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # reopens
    options.first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/education/**")
    assert page.locator("h1").first.inner_text() == "Asthma action plans"


def test_a_crisis_query_shows_the_crisis_line_first_at_320_px(page, make_education):
    make_education("Depression and low mood", text="Talking therapies.")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/search/")
    tab_to(page, "search-q")
    page.keyboard.type("want to die")
    options = page.locator("#search-suggestions [role=option]")
    options.first.wait_for()
    assert options.first.get_attribute("class") == "suggestion-crisis"
    assert options.first.get_attribute("data-url") == "tel:988"
    assert "988" in page.locator("#search-suggestions-status").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=want*")
    help_box = page.get_by_role("region", name=re.compile("have to face this alone"))
    assert help_box.is_visible()
    box = help_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert box["y"] < page.locator("#results-heading").bounding_box()["y"]
    assert_no_serious_axe_violations(page)
