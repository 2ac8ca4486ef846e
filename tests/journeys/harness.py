"""One person's walk through the demo portal, checked at every page.

``Journey.check(step)`` is the one helper every page goes through. It records (and the test
fails at its end with the whole list):

- every response of 500 or more and every traceback in the server's or worker's log since the
  previous check;
- axe-core violations of impact serious or critical;
- buttons whose text contrast is below 4.5:1;
- absolute links to this portal that do not start with the configured base URL (also in every
  email received since the previous check, and in the feeds and sitemap the journey reads);
- horizontal overflow at 320 CSS pixels (the window is resized to 320 wide and back).

It saves a screenshot at 1280 and at 320 px: ``<root>/<leg>/<role>/NN-<step>-<width>.png``,
where root is ``PORTAL_JOURNEY_SCREENSHOTS`` or ``.ci-reports/journeys``.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import warnings
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from playwright.sync_api import expect

from tests.browser_helpers import PASSWORD_LABEL, log_in, serious_axe_violations, totp_code
from tests.journeys.pending import AWAITING_FIX, PendingJourneyStep, fix_landed, note_pending
from tests.journeys.server import REPO, DemoServer
from tests.page_checks import (
    absolute_links_off_base,
    button_contrast_failures,
    horizontal_overflow_px,
    looks_internal_but_off_base,
    overflowing_elements,
)

WIDE = {"width": 1280, "height": 900}
NARROW_WIDTH = 320
DEMO_PASSWORD = "demo-password-123"
TOTP_ACTIVATE_PATH = "/accounts/2fa/totp/activate/"
URL_IN_TEXT = re.compile(r"""https?://[^\s"'<>)\]]+""")
CHECKS = ("server", "axe", "contrast", "links", "overflow", "browser", "preview-frame")
# Let finite CSS animations (Wagtail's messages fade in) end before axe reads the colours:
# mid-fade text is reported as low contrast. Never waits more than 2 s.
SETTLE_ANIMATIONS_JS = """
() => Promise.race([
    Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
])
"""
# Checks awaiting a fix on every page, feed, sitemap and email (see tests/journeys/pending.py).
AWAITING_EVERYWHERE: dict[str, str] = {}
# Wagtail's page editor: the tag field's input has no label, Draftail's editor no name.
EDITOR_AXE = {"axe": "wagtail_editor_axe"}


def screenshot_root() -> Path:
    configured = os.environ.get("PORTAL_JOURNEY_SCREENSHOTS")
    return Path(configured) if configured else REPO / ".ci-reports" / "journeys"


@dataclass
class Journey:
    """A browser context for one role on the demo server, with the per-page checks."""

    role: str
    server: DemoServer
    page: object
    shots: Path
    failures: list[str] = field(default_factory=list)
    deferred: dict[str, list[str]] = field(default_factory=dict)
    processed: int = 0  # failures up to here went through _defer
    step_number: int = 0
    mails_seen: int = 0
    mails_at_start: int = 0
    totp_secret: str = ""

    @classmethod
    def open(cls, *, browser, server: DemoServer, role: str) -> Journey:
        context = browser.new_context(base_url=server.url, viewport=WIDE)
        context.set_default_timeout(20_000)
        page = context.new_page()
        shots = screenshot_root() / server.vendor / role
        shutil.rmtree(shots, ignore_errors=True)
        shots.mkdir(parents=True)
        journey = cls(role=role, server=server, page=page, shots=shots)
        journey.mails_seen = journey.mails_at_start = len(server.messages())
        page.on("pageerror", lambda error: journey.fail("browser", f"page error: {error}"))
        page.on("console", journey._console)
        return journey

    # --- the checks -------------------------------------------------------------------
    def fail(self, kind: str, message: str) -> None:
        self.failures.append(f"[{self.role} #{self.step_number:02d} {kind}] {message}")

    def _console(self, message) -> None:
        if message.type != "error" or "Content Security Policy" not in message.text:
            return
        # Wagtail's editor loads its preview frame in the background, at any step.
        kind = "preview-frame" if "frame-ancestors" in message.text else "browser"
        self.fail(kind, f"console: {message.text}")

    def check(self, step: str, *, awaiting: dict[str, str] | None = None) -> None:
        """Every check on the page now shown; ``awaiting`` maps a check (one of CHECKS) to
        the pending-fix key (tests/journeys/pending.py) its failures wait for."""
        self.step_number += 1
        page = self.page
        page.wait_for_load_state("load")
        page.evaluate(SETTLE_ANIMATIONS_JS)
        before = self.processed  # includes browser events reported since the last check
        name = f"{self.step_number:02d}-{_slug(step)}"
        where = f"{step} ({page.url})"
        for problem in self.server.new_problems():
            self.fail("server", f"{where}: {problem}")
        for violation in serious_axe_violations(page):
            targets = "; ".join(", ".join(map(str, n["target"])) for n in violation["nodes"][:3])
            self.fail("axe", f"{where}: {violation['id']} ({violation['impact']}) at {targets}")
        for failure in button_contrast_failures(page):
            self.fail("contrast", f"{where}: {failure}")
        for url in absolute_links_off_base(page, self.server.url):
            self.fail("links", f"{where}: link off the base URL: {url}")
        self.check_new_emails()
        page.screenshot(path=self.shots / f"{name}-1280.png", full_page=True)
        page.set_viewport_size({"width": NARROW_WIDTH, "height": WIDE["height"]})
        try:
            page.wait_for_timeout(150)
            overflow = horizontal_overflow_px(page)
            if overflow > 0:
                culprits = ", ".join(overflowing_elements(page))
                self.fail("overflow", f"{where}: {overflow}px wider than 320 px: {culprits}")
            page.screenshot(path=self.shots / f"{name}-320.png", full_page=True)
        finally:
            page.set_viewport_size(WIDE)
        self._defer(self.failures[before:], {**AWAITING_EVERYWHERE, **(awaiting or {})})
        self.processed = len(self.failures)

    def _defer(self, new: list[str], awaiting: dict[str, str]) -> None:
        """Failures of the kinds ``awaiting`` names become warnings while their fix is
        pending (one warning per fix at the end of the journey, listing them all)."""
        for kind, key in awaiting.items():
            if fix_landed(key):
                continue
            for failure in [f for f in new if f" {kind}] " in f]:
                self.failures.remove(failure)
                self.deferred.setdefault(key, []).append(failure)

    def _warn_deferred(self) -> None:
        for key, failures in self.deferred.items():
            listed = "\n  ".join(failures)
            warnings.warn(
                PendingJourneyStep(
                    f"{self.role}: {len(failures)} check failure(s) awaiting {key} "
                    f"({AWAITING_FIX[key]}):\n  {listed}"
                ),
                stacklevel=2,
            )

    def check_text_links(self, what: str, text: str) -> None:
        for url in URL_IN_TEXT.findall(text):
            if looks_internal_but_off_base(url, self.server.url):
                self.fail("links", f"{what}: link off the base URL: {url}")

    def check_document(self, path: str, *, content_type: str = "") -> str:
        """GET a feed or sitemap: it must answer, and every link in it be on the base URL."""
        self.step_number += 1
        before = self.processed
        response = self.page.request.get(path)
        if response.status != 200:
            self.fail("server", f"{path}: HTTP {response.status}")
        elif content_type and content_type not in response.headers.get("content-type", ""):
            self.fail("server", f"{path}: content type {response.headers.get('content-type')}")
        text = response.text()
        self.check_text_links(path, text)
        for problem in self.server.new_problems():
            self.fail("server", f"{path}: {problem}")
        self._defer(self.failures[before:], AWAITING_EVERYWHERE)
        self.processed = len(self.failures)
        return text

    def check_new_emails(self) -> list[EmailMessage]:
        messages = self.server.messages()
        new, self.mails_seen = messages[self.mails_seen :], len(messages)
        for message in new:
            what = f"email {message['Subject']!r} to {message['To']}"
            for header in ("List-Unsubscribe",):
                if message[header]:
                    self.check_text_links(f"{what} ({header})", str(message[header]))
            self.check_text_links(what, email_text(message))
        return new

    def finish(self) -> list[str]:
        before = self.processed
        for problem in self.server.new_problems():
            self.fail("server", f"after the last step: {problem}")
        self.check_new_emails()
        self._defer(self.failures[before:], AWAITING_EVERYWHERE)
        self.page.context.close()
        self._warn_deferred()
        return self.failures

    # --- steps every journey uses -------------------------------------------------------
    def visit(self, path: str, step: str, **check_options) -> None:
        self.page.goto(path)
        self.check(step, **check_options)

    def emails_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.server.messages() if address in str(m["To"])]

    def wait_for_email(self, address: str, *, seconds: float = 30) -> list[EmailMessage]:
        """Emails to ``address`` sent since the journey began (the worker sends some)."""
        deadline = time.monotonic() + seconds
        while True:
            found = [
                m for m in self.server.messages()[self.mails_at_start :] if address in str(m["To"])
            ]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.5)

    def log_in(self, email: str, *, password: str = DEMO_PASSWORD) -> None:
        self.page.goto("/accounts/login/")
        self.check("log in")
        log_in(self.page, email=email, password=password)

    def log_in_staff(self, email: str, *, then: str = "/admin/") -> None:
        """Log in; set up TOTP through allauth's pages as a person would (first time), or
        answer the two-factor step with a code from the secret shown at set-up."""
        self.log_in(email)
        page = self.page
        if "/accounts/2fa/authenticate/" in page.url:
            self.check("two-factor code")
            page.get_by_label(re.compile(r"^Code\b")).fill(totp_code(self.totp_secret))
            page.get_by_role("button", name="Sign In").click()
            page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
            page.goto(then)
            return
        page.goto(then)
        if "/reauthenticate/" in page.url:
            self.check("confirm password before MFA set-up")
            page.get_by_label(PASSWORD_LABEL).fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(re.compile(re.escape(TOTP_ACTIVATE_PATH)))
        self.check("set up the authenticator app")
        self.totp_secret = page.get_by_label("Authenticator secret").input_value()
        page.get_by_label(re.compile(r"^Authenticator code")).fill(totp_code(self.totp_secret))
        page.get_by_role("button", name="Activate").click()
        page.wait_for_url(lambda url: TOTP_ACTIVATE_PATH not in url)
        self.check("authenticator activated")
        if then not in page.url:
            page.goto(then)

    def log_out(self) -> None:
        page = self.page
        page.goto("/")
        account_nav = page.get_by_role("navigation", name="Account")
        account_nav.get_by_role("button", name="Log out").click()
        expect(account_nav.get_by_role("link", name="Log in")).to_be_visible()

    def pending(self, key: str, what: str) -> bool:
        """True when the step may run; otherwise warn that it waits for ``key``'s fix."""
        if fix_landed(key):
            return True
        note_pending(key, what)
        return False


def email_text(message: EmailMessage) -> str:
    parts = [message] if not message.is_multipart() else list(message.walk())
    texts = []
    for part in parts:
        if part.get_content_maintype() == "text":
            texts.append(part.get_content())
    return "\n".join(texts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
