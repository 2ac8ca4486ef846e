"""The shared page checks catch what they are for: unreadable buttons, pages wider than
320 px, and internal links on the wrong host."""

from __future__ import annotations

import pytest

from tests.page_checks import (
    absolute_links_off_base,
    button_contrast_failures,
    horizontal_overflow_px,
    looks_internal_but_off_base,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    yield tab
    context.close()


def test_white_text_on_a_white_button_fails_the_contrast_check(blank):
    blank.set_content(
        """<div style="background:#fff">
             <button style="color:#fff;background:transparent">Reject selected</button>
             <button style="color:#fff;background:#1d4ed8">Approve</button>
             <a class="button" style="color:#767676">Grey link</a>
           </div>"""
    )
    failures = button_contrast_failures(blank)
    assert [failure.text for failure in failures] == ["Reject selected"]
    assert failures[0].ratio == pytest.approx(1.0)


def test_a_wide_table_is_reported_as_overflow_at_320_px(blank):
    blank.set_content("<p>fits</p>")
    assert horizontal_overflow_px(blank) == 0
    blank.set_content('<table><tr><td style="min-width:600px">wide</td></tr></table>')
    assert horizontal_overflow_px(blank) > 200


def test_links_to_localhost_are_reported_when_the_base_url_is_elsewhere(blank):
    blank.set_content(
        '<a href="http://localhost/education/">bad</a>'
        '<a href="https://portal.example.org/ok/">ok</a>'
        '<a href="https://www.nih.gov/">external</a><a href="/relative/">relative</a>'
    )
    assert absolute_links_off_base(blank, "https://portal.example.org") == [
        "http://localhost/education/"
    ]


def test_the_base_url_itself_is_not_off_base():
    assert not looks_internal_but_off_base("http://127.0.0.1:8000/x", "http://127.0.0.1:8000")
    assert looks_internal_but_off_base("http://127.0.0.1:8001/x", "http://127.0.0.1:8000")
