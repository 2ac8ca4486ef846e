"""Fail CI unless each JUnit report ran tests, skipped none, and included the required kinds."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

# A test module whose path contains one of these must have run (and passed) in every leg.
REQUIRED = {
    "browser tests": "_browser",
    "benchmark test": "tests.bench.",
    "database vendor test": "test_database_vendor",
}


def check(path: str) -> list[str]:
    root = ET.parse(path).getroot()  # noqa: S314
    cases = list(root.iter("testcase"))
    problems = [] if cases else [f"{path}: no test ran"]
    for case in cases:
        name = f"{case.get('classname')}.{case.get('name')}"
        if case.find("skipped") is not None:
            problems.append(f"{path}: skipped {name}")
    for label, marker in REQUIRED.items():
        ran = [c for c in cases if marker in (c.get("classname") or "")]
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
