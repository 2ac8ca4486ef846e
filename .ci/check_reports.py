"""Fail CI unless each JUnit report ran tests, skipped none, and included the required kinds."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

# A test module whose path contains one of these must have run (and passed) in every leg.
REQUIRED = {
    "browser tests": "_browser",
    "benchmark test": "tests.bench.",
    "database vendor test": "test_database_vendor",
    "journey suite (demo database as make run builds it)": "tests.journeys.test_",
    "screening targets on the held-out corpus": "test_heldout_targets",
}


# Required, and never skipped, in the PostgreSQL leg only.
REQUIRED_ON_POSTGRESQL = {
    "concurrent claim test": "test_claim_concurrency",
    "concurrent crisis re-alert test": "test_crisis_alert_concurrency",
}
# Skips allowed, by the start of their message: no Elasticsearch server exists here, and
# PostgreSQL-only tests on the SQLite leg.
ALLOWED_SKIPS = {
    "sqlite": ("elasticsearch:", "postgresql-only:"),
    "postgresql": ("elasticsearch:",),
}


def _leg(path: str) -> str:
    return "postgresql" if "postgresql" in path else "sqlite"


def check(path: str) -> list[str]:
    root = ET.parse(path).getroot()  # noqa: S314
    cases = list(root.iter("testcase"))
    problems = [] if cases else [f"{path}: no test ran"]
    leg = _leg(path)
    for case in cases:
        name = f"{case.get('classname')}.{case.get('name')}"
        skipped = case.find("skipped")
        message = (skipped.get("message") or "") if skipped is not None else ""
        if skipped is not None and not message.lstrip().startswith(ALLOWED_SKIPS[leg]):
            problems.append(f"{path}: skipped {name} ({message})")
    required = {**REQUIRED, **(REQUIRED_ON_POSTGRESQL if leg == "postgresql" else {})}
    for label, marker in required.items():
        ran = [
            c
            for c in cases
            if marker in f"{c.get('classname')}.{c.get('name')}" and c.find("skipped") is None
        ]
        if not ran:
            problems.append(f"{path}: no {label} ran")
    print(f"{path}: {len(cases)} tests")
    return problems


def main(paths: list[str]) -> int:
    problems = [problem for path in paths for problem in check(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
