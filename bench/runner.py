"""Measuring each page: a status check, a warm-up, then the timed wrk run."""

from __future__ import annotations

from dataclasses import dataclass

from bench import BenchError, log
from bench.pages import Page
from bench.server import http_status
from bench.wrk import WrkResult, run_wrk


@dataclass(frozen=True)
class LoadOptions:
    duration: int
    warmup: int
    connections: int


@dataclass(frozen=True)
class PageResult:
    page: Page
    wrk: WrkResult


def check_ok(url: str) -> None:
    """A page that does not answer 200 is a broken benchmark, not a number to report."""
    status = http_status(url)
    if status != 200:
        raise BenchError(f"GET {url} answered {status}, expected 200")


def measure(wrk: str, base_url: str, page: Page, options: LoadOptions) -> PageResult:
    url = base_url + page.path
    log(f"{page.name} ({page.path}): {options.warmup} s warm-up, {options.duration} s run")
    run_wrk(wrk, url, duration=options.warmup, connections=options.connections)
    result = run_wrk(wrk, url, duration=options.duration, connections=options.connections)
    return PageResult(page=page, wrk=result)


def measure_all(
    wrk: str, base_url: str, pages: list[Page], options: LoadOptions
) -> list[PageResult]:
    for page in pages:  # every page first, so a broken one fails before any timing
        check_ok(base_url + page.path)
    return [measure(wrk, base_url, page, options) for page in pages]
