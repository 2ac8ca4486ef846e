"""Load-test harness for ``make bench``: gunicorn under production settings, driven by wrk.

Every page in :data:`bench.pages.PAGES` is measured against a bare Django view served by
the same gunicorn in the same run, so the numbers read as ratios rather than absolutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / ".bench"


class BenchError(Exception):
    """A failure that stops the run; its message is shown to the user as is."""


def log(message: str) -> None:
    """Progress goes to stderr so stdout carries only the results table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)
