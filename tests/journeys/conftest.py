"""Fixtures of the journey suite: the demo portal built and served once per session as
``make run`` does (tests/journeys/server.py), and one checked browser journey per test."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.journeys.harness import Journey
from tests.journeys.server import DemoServer, start_demo_server


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory, browser) -> Iterator[DemoServer]:
    """Depends on ``browser`` so that a machine without Chromium skips before the build."""
    started = time.monotonic()
    server, database = start_demo_server(tmp_path_factory.mktemp("journey-demo"))
    print(
        f"\njourneys: demo {server.vendor} database built and served in "
        f"{time.monotonic() - started:.0f}s at {server.url}"
    )
    try:
        yield server
    finally:
        server.stop()
        database.drop()


@pytest.fixture
def start_journey(browser, demo_server) -> Iterator:
    """``start_journey(role)`` opens a checked browser journey; the test fails at its end
    with every problem any page showed (see tests/journeys/harness.py)."""
    journeys: list[Journey] = []

    def _start(role: str) -> Journey:
        journey = Journey.open(browser=browser, server=demo_server, role=role)
        journeys.append(journey)
        return journey

    yield _start
    failures = [failure for journey in journeys for failure in journey.finish()]
    assert not failures, f"{len(failures)} problem(s) on the way:\n" + "\n".join(failures)
