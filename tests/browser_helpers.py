"""Helpers shared by the Playwright browser tests (fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache

SERIOUS_IMPACTS = frozenset({"serious", "critical"})

# Labels end in " (required)" (templates/allauth/elements/field.html), so match by pattern.
EMAIL_LABEL = re.compile(r"^Email\b")
PASSWORD_LABEL = re.compile(r"^Password(?! \(again\))\b")
PASSWORD_AGAIN_LABEL = re.compile(r"^Password \(again\)")


def reset_rate_limits() -> None:
    """Forget allauth's rate-limit counters (signup, login, confirmation email per address).

    They live in the process-wide cache that the live server shares with every earlier test,
    so a suite that signs up or logs in from 127.0.0.1 could otherwise throttle this one.
    """
    cache.clear()


def log_in(page, *, email: str, password: str) -> None:
    """Sign in through allauth's login form, the way a person would."""
    page.goto("/accounts/login/")
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def totp_code(secret: str, *, margin_seconds: float = 3.0) -> str:
    """The RFC 6238 code for ``secret``, computed with allauth's own HOTP helper.

    allauth accepts only the current time step (``MFA_TOTP_TOLERANCE`` is 0), so when the
    step is about to end we wait for the next one rather than race the server's clock.
    """
    period = mfa_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < margin_seconds:
        time.sleep(remaining + 0.1)
    counter = int(time.time()) // period
    return format_hotp_value(hotp_value(secret, counter))


def serious_axe_violations(page) -> list[dict]:
    """Run axe-core on the page; return violations of impact "serious" or "critical"."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in SERIOUS_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


def assert_no_serious_axe_violations(page) -> None:
    violations = serious_axe_violations(page)
    if violations:
        print(describe_violations(violations))
    assert not violations, f"axe on {page.url}:\n{describe_violations(violations)}"


def log_in_with_totp(page, *, email: str, password: str, secret: str) -> None:
    """Sign in with password, then answer allauth's two-factor step with a TOTP code."""
    log_in(page, email=email, password=password)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label(re.compile(r"^Code\b")).fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def log_out(page) -> None:
    """Sign out with the site header's "Log out" button."""
    page.goto("/")
    account_nav = page.get_by_role("navigation", name="Account")
    account_nav.get_by_role("button", name="Log out").click()
    account_nav.get_by_role("link", name="Log in").wait_for()


# --- Wagtail editor (shared by the admin journeys) --------------------------------------
# The TOTP secret that ``with_mfa`` (tests/fixtures_people.py) gives every staff user.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
REVIEW_WORKFLOW_NAME = "Clinical and compliance review"

# Records the Wagtail editor's Stimulus events, so the test can act at a human pace: the
# editor starts watching for edits ~2 s after load, then autosaves them (creating the page).
EDITOR_EVENTS_SCRIPT = """
window.__editorEvents = {watching: false};
document.addEventListener("w-unsaved:watch-edits", () => {
    window.__editorEvents.watching = true;
});
"""
EDITOR_READY_JS = "() => window.__editorEvents && window.__editorEvents.watching"
# True once the edit form holds no unsaved edits (autosave, if enabled, has saved them all)
# and the saved form data includes ``text``.
EDITS_SAVED_JS = """
(text) => {
    const form = document.querySelector("form[data-edit-form]");
    if (!form) return false;
    if (!(form.dataset.controller || "").includes("w-autosave")) return true;
    const unsaved = window.wagtail.app.getControllerForElementAndIdentifier(form, "w-unsaved");
    if (!unsaved || !unsaved.initialFormData) return false;
    const data = unsaved.formData;
    const encoded = new URLSearchParams([["", text]]).toString().slice(1);
    return data === unsaved.initialFormData && data.includes(encoded);
}
"""


def footer_actions(page):
    return page.get_by_role("navigation", name="Actions (footer)")


def open_more_actions(page):
    """Open the dropdown next to the footer's main action; return the footer."""
    footer = footer_actions(page)
    footer.get_by_role("button", name="More actions").click()
    return footer


def hold_first_created_autosave(page) -> list:
    """Let the autosave that creates a page (from an "Add page" form) reach the server, but
    keep its answer back until the test fulfils it (a slow server): a test can then click
    inside that window every time. Return the list the held (route, response) lands in."""
    held: list = []

    def handle(route):
        is_autosave = "application/json" in (route.request.headers.get("accept") or "")
        if route.request.method != "POST" or not is_autosave or held:
            route.continue_()
            return
        response = route.fetch()
        if response.status != 200:
            route.fulfill(response=response)
            return
        held.append((route, response))

    page.route(re.compile(r"/admin/pages/add/"), handle)
    return held


def wait_until_held(page, held: list) -> None:
    for _ in range(100):
        if held:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the autosave that creates the page never came")
