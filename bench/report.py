"""The results table (pages against the bare view) and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.pages import baseline_of
from bench.runner import PageResult
from bench.wrk import WrkResult

HEADERS = ("page", "req/s", "p50 ms", "p99 ms", "req/s ratio", "p50 ratio", "p99 ratio", "errors")
# Text columns are left-aligned, numbers right-aligned (also in Markdown).
LEFT_ALIGNED = {0, 7}


def ratio(value: float, baseline: float) -> float | None:
    return round(value / baseline, 4) if baseline > 0 else None


def ratios(result: WrkResult, baseline: WrkResult) -> dict[str, float | None]:
    return {
        "requests_per_sec": ratio(result.requests_per_sec, baseline.requests_per_sec),
        "p50": ratio(result.p50_ms, baseline.p50_ms),
        "p99": ratio(result.p99_ms, baseline.p99_ms),
    }


def format_ratio(value: float | None) -> str:
    """Two decimals, three below 1 so that a 0.053x throughput keeps its digit."""
    if value is None:
        return "n/a"
    return f"{value:.3f}x" if value < 1 else f"{value:.2f}x"


def describe_errors(result: WrkResult) -> str:
    parts = [f"non-2xx/3xx {result.non_2xx_3xx}"] if result.non_2xx_3xx else []
    parts += [f"{kind} {n}" for kind, n in result.socket_errors.items() if n]
    if result.requests == 0:
        parts.append("no requests completed")
    return ", ".join(parts) or "none"


def table_rows(results: list[PageResult]) -> list[tuple[str, ...]]:
    baseline = find_baseline(results).wrk
    rows = []
    for item in results:
        wrk, rel = item.wrk, ratios(item.wrk, baseline)
        rows.append(
            (
                item.page.name,
                f"{wrk.requests_per_sec:.1f}",
                f"{wrk.p50_ms:.2f}",
                f"{wrk.p99_ms:.2f}",
                format_ratio(rel["requests_per_sec"]),
                format_ratio(rel["p50"]),
                format_ratio(rel["p99"]),
                describe_errors(wrk),
            )
        )
    return rows


def format_table(results: list[PageResult]) -> str:
    """A Markdown table, aligned for the terminal as well."""
    rows = [HEADERS, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = [_line(rows[0], widths), _rule(widths), *(_line(row, widths) for row in rows[1:])]
    return "\n".join(lines)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    padded = (
        _pad(cell, width, i) for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )
    return "| " + " | ".join(padded) + " |"


def _pad(cell: str, width: int, column: int) -> str:
    return cell.ljust(width) if column in LEFT_ALIGNED else cell.rjust(width)


def _rule(widths: list[int]) -> str:
    dashes = (
        "-" * (w + 1) + ":" if i not in LEFT_ALIGNED else ":" + "-" * (w + 1)
        for i, w in enumerate(widths)
    )
    return "|" + "|".join(dashes) + "|"


def find_baseline(results: list[PageResult]) -> PageResult:
    page = baseline_of([item.page for item in results])
    return next(item for item in results if item.page == page)


def to_json(results: list[PageResult], settings: dict[str, Any]) -> dict[str, Any]:
    baseline = find_baseline(results)
    return {
        "settings": settings,
        "baseline": baseline.page.path,
        "pages": [_page_json(item, baseline.wrk) for item in results],
    }


def _page_json(item: PageResult, baseline: WrkResult) -> dict[str, Any]:
    wrk = item.wrk
    return {
        "name": item.page.name,
        "path": item.page.path,
        "requests_per_sec": wrk.requests_per_sec,
        "requests": wrk.requests,
        "latency_ms": wrk.latency_ms,
        "non_2xx_3xx": wrk.non_2xx_3xx,
        "socket_errors": wrk.socket_errors,
        "ratio_vs_baseline": ratios(wrk, baseline),
    }


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n")
