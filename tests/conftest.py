"""Shared test fixtures.

Strict mode (``PORTAL_STRICT_TESTS=1``, set by ``.ci/run``): a skipped test is a failed
test, so CI cannot pass with the browser, PostgreSQL or benchmark checks silently left
out. Only tests marked ``elasticsearch`` may skip (no Elasticsearch server exists here), and
tests marked ``postgresql`` on the SQLite leg.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures_people"]

STRICT = os.environ.get("PORTAL_STRICT_TESTS") == "1"
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium-browser",
)
BROWSER_TIMEOUT_MS = 20_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not _may_skip(item):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped in strict mode (PORTAL_STRICT_TESTS=1): {reason}"


def _may_skip(item) -> bool:
    """Elasticsearch tests (no server here), and PostgreSQL-only tests on another database
    (CI's PostgreSQL leg sets PORTAL_EXPECT_DB_VENDOR, so they can never skip there)."""
    if item.get_closest_marker("elasticsearch") is not None:
        return True
    return (
        item.get_closest_marker("postgresql") is not None
        and os.environ.get("PORTAL_EXPECT_DB_VENDOR") != "postgresql"
    )


@pytest.fixture
def require_postgresql():
    """For tests that need PostgreSQL's real concurrent transactions (mark them
    ``postgresql`` and ``django_db(transaction=True, serialized_rollback=True)``)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("postgresql-only: set DATABASE_URL to a PostgreSQL database to run this")


@pytest.fixture
def client_factory():
    """Make extra, independent test clients (separate cookies and sessions)."""
    from tests.clients import LoginClient

    return LoginClient


@pytest.fixture
def client():
    """pytest-django's client, with ``force_login`` leaving allauth's session records (a
    staff account with TOTP logged in with it; see tests/clients.py)."""
    from tests.clients import LoginClient

    return LoginClient()


def chromium_path() -> str | None:
    configured = os.environ.get("PORTAL_CHROMIUM")
    candidates = (configured,) if configured else CHROMIUM_CANDIDATES
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium driven by Playwright (``playwright install`` cannot download here)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "Browser tests need Chromium: install Debian's package (apt-get install chromium) "
            "or set PORTAL_CHROMIUM to its path."
        )
    if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") != "true":
        pytest.skip("Browser tests need DJANGO_ALLOW_ASYNC_UNSAFE=true (make test sets it).")
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then open new
    # connection objects, which lose serialized_rollback's saved data. Keep the same ones.
    existing = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, wrapper in existing.items():
            connections[alias] = wrapper
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        # Assertions wait as long as actions do: a busy 2-core machine must not fail a test
        # that a quiet one passes (Playwright's own default is 5 s).
        expect.set_options(timeout=BROWSER_TIMEOUT_MS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh browser context per test; fails the test on CSP violations or page errors."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda msg: (
            problems.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    tab.problems = problems
    yield tab
    context.close()
    assert not problems, "Browser reported problems:\n" + "\n".join(problems)
