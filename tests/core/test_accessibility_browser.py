"""axe-core scans and keyboard checks of the public pages in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import (
    EMAIL_LABEL,
    PASSWORD_AGAIN_LABEL,
    PASSWORD_LABEL,
    assert_no_serious_axe_violations,
    reset_rate_limits,
)
from tests.factories import ConditionFactory
from tests.fixtures_site import make_home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROW = {"width": 320, "height": 800}


def make_home_with_content() -> None:
    make_home_page(hero_intro="Plain-language guides written and checked by our clinicians.")
    ConditionFactory(name="Asthma")
    ConditionFactory(name="Type 2 diabetes")


def test_home_page_has_no_serious_axe_violations(page):
    """The home page passes axe-core without serious or critical violations."""
    make_home_with_content()
    page.goto("/")
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_account_page_has_no_serious_axe_violations(page, path):
    """The login and signup pages pass axe-core without serious or critical violations."""
    page.goto(path)
    assert_no_serious_axe_violations(page)


def test_signup_page_with_errors_has_no_serious_axe_violations(page):
    """The signup form re-rendered with field errors passes axe-core."""
    reset_rate_limits()
    page.goto("/accounts/signup/")
    page.get_by_label(EMAIL_LABEL).fill("someone@example.test")
    page.get_by_label(PASSWORD_LABEL).fill("short")
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill("different")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator("[aria-invalid='true']").first).to_be_visible()
    assert_no_serious_axe_violations(page)


def test_home_page_at_320px_has_no_serious_axe_violations(page):
    """The home page at a 320 px wide viewport passes axe-core."""
    make_home_with_content()
    page.set_viewport_size(NARROW)
    page.goto("/")
    assert_no_serious_axe_violations(page)


def test_first_tab_focuses_skip_link_which_moves_focus_to_main(page):
    """Keyboard users reach "Skip to main content" first, and it takes them to main."""
    make_home_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_home_page_does_not_scroll_horizontally_at_320px(page):
    """Content reflows at 320 CSS px (WCAG 1.4.10): no horizontal scrolling."""
    make_home_with_content()
    page.set_viewport_size(NARROW)
    page.goto("/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], f"page is {scroll_width}px wide at 320px"
