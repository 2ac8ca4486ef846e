"""The benchmark harness: wrk report parsing, the ratio table, and one real smoke run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import REPO_ROOT, BenchError
from bench.pages import PAGES, Page, baseline_of
from bench.report import format_ratio, format_table, to_json
from bench.runner import PageResult
from bench.wrk import WrkResult, parse_wrk_output, wrk_command

# Captured from Debian's wrk 4.1.0 (`wrk -t2 -c16 -d10s --latency ...`).
CLEAN_US_AND_MS = """\
Running 10s test @ http://127.0.0.1:40123/_bench/baseline
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.21ms  312.45us   9.87ms   91.20%
    Req/Sec     3.58k   201.33     3.90k    78.50%
  Latency Distribution
     50%  845.00us
     75%  912.00us
     90%    1.02ms
     99%    1.87ms
  71234 requests in 10.00s, 15.21MB read
Requests/sec:   7122.85
Transfer/sec:      1.52MB
"""

ERRORS_MS_AND_S = """\
Running 10s test @ http://127.0.0.1:40123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.33ms  301.12ms   1.99s    71.02%
    Req/Sec    19.87     10.21    50.00     66.67%
  Latency Distribution
     50%  350.12ms
     75%  520.40ms
     90%  800.00ms
     99%    1.52s
  386 requests in 10.02s, 9.87MB read
  Socket errors: connect 0, read 3, write 0, timeout 12
  Non-2xx or 3xx responses: 7
Requests/sec:     38.52
Transfer/sec:      0.99MB
"""

NON_2XX_ONLY = """\
Running 1s test @ http://127.0.0.1:18765/nonexistent
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   644.49us  340.17us   7.78ms   89.79%
    Req/Sec     3.10k   721.43     6.23k    95.24%
  Latency Distribution
     50%  622.00us
     75%  745.00us
     90%    0.88ms
     99%    1.28ms
  6484 requests in 1.10s, 3.22MB read
  Non-2xx or 3xx responses: 6484
Requests/sec:   5895.38
Transfer/sec:      2.92MB
"""

ALL_SECONDS = """\
Running 10s test @ http://127.0.0.1:40123/slow
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.75s   120.00ms   1.98s    80.00%
    Req/Sec     0.50      0.71     2.00     88.00%
  Latency Distribution
     50%    1.74s
     75%    1.85s
     90%    1.93s
     99%    1.98s
  9 requests in 10.01s, 210.00KB read
Requests/sec:      0.90
Transfer/sec:     20.98KB
"""


def test_parses_a_clean_report_in_microseconds_and_milliseconds() -> None:
    result = parse_wrk_output(CLEAN_US_AND_MS)

    assert result.requests_per_sec == 7122.85
    assert result.requests == 71234
    assert result.p50_ms == pytest.approx(0.845)
    assert result.latency_ms["75"] == pytest.approx(0.912)
    assert result.latency_ms["90"] == pytest.approx(1.02)
    assert result.p99_ms == pytest.approx(1.87)
    assert result.non_2xx_3xx == 0
    assert result.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    assert not result.failed


def test_parses_seconds_socket_errors_and_non_2xx_responses() -> None:
    result = parse_wrk_output(ERRORS_MS_AND_S)

    assert result.requests_per_sec == 38.52
    assert result.p50_ms == pytest.approx(350.12)
    assert result.p99_ms == pytest.approx(1520.0)
    assert result.non_2xx_3xx == 7
    assert result.socket_errors == {"connect": 0, "read": 3, "write": 0, "timeout": 12}
    assert result.error_count == 22
    assert result.failed


def test_non_2xx_responses_alone_fail_the_page() -> None:
    result = parse_wrk_output(NON_2XX_ONLY)

    assert result.p50_ms == pytest.approx(0.622)
    assert result.latency_ms["90"] == pytest.approx(0.88)
    assert result.non_2xx_3xx == 6484
    assert sum(result.socket_errors.values()) == 0
    assert result.failed


def test_parses_a_report_entirely_in_seconds() -> None:
    result = parse_wrk_output(ALL_SECONDS)

    assert result.requests_per_sec == 0.90
    assert result.p50_ms == pytest.approx(1740.0)
    assert result.p99_ms == pytest.approx(1980.0)


def test_a_report_without_the_latency_distribution_is_an_error() -> None:
    without_distribution = "\n".join(
        line for line in CLEAN_US_AND_MS.splitlines() if "%  " not in line
    )

    with pytest.raises(BenchError, match="--latency"):
        parse_wrk_output(without_distribution)


def test_a_run_that_completed_no_request_fails() -> None:
    assert _wrk(rps=0.0, p50=0.0, p99=0.0, requests=0).failed


def test_wrk_command_sends_the_https_header_and_never_more_threads_than_connections() -> None:
    command = wrk_command("/usr/bin/wrk", "http://h/", duration=2, connections=1)

    assert command == [
        "/usr/bin/wrk",
        "-t1",
        "-c1",
        "-d2s",
        "--latency",
        "-H",
        "X-Forwarded-Proto: https",
        "http://h/",
    ]


def test_the_page_list_has_exactly_one_baseline() -> None:
    assert baseline_of(PAGES).path == "/_bench/baseline"
    assert len({page.path for page in PAGES}) == len(PAGES)


def _wrk(*, rps: float, p50: float, p99: float, requests: int = 1000) -> WrkResult:
    return WrkResult(
        requests_per_sec=rps,
        requests=requests,
        latency_ms={"50": p50, "75": p50, "90": p99, "99": p99},
        socket_errors={"connect": 0, "read": 0, "write": 0, "timeout": 0},
    )


BASELINE = Page("bare Django view", "/_bench/baseline", baseline=True)
HOME = Page("home page", "/")


EXPECTED_TABLE = """\
| page             |  req/s | p50 ms | p99 ms | req/s ratio | p50 ratio | p99 ratio | errors |
|:-----------------|-------:|-------:|-------:|------------:|----------:|----------:|:-------|
| bare Django view | 8000.0 |   2.00 |   4.00 |       1.00x |     1.00x |     1.00x | none   |
| home page        |  400.0 |  40.00 |  90.00 |      0.050x |    20.00x |    22.50x | none   |
"""


def test_table_shows_each_page_against_the_bare_view() -> None:
    results = [
        PageResult(BASELINE, _wrk(rps=8000.0, p50=2.0, p99=4.0)),
        PageResult(HOME, _wrk(rps=400.0, p50=40.0, p99=90.0)),
    ]

    assert format_table(results) + "\n" == EXPECTED_TABLE


def test_table_reports_errors_and_ratios_against_a_later_baseline() -> None:
    failing = WrkResult(
        requests_per_sec=50.0,
        requests=100,
        latency_ms={"50": 30.0, "99": 300.0},
        non_2xx_3xx=4,
        socket_errors={"connect": 0, "read": 2, "write": 0, "timeout": 1},
    )
    results = [
        PageResult(HOME, failing),
        PageResult(BASELINE, _wrk(rps=1000.0, p50=3.0, p99=6.0)),
    ]

    home_row = format_table(results).splitlines()[2]

    assert [cell.strip() for cell in home_row.strip("|").split("|")] == [
        "home page",
        "50.0",
        "30.00",
        "300.00",
        "0.050x",
        "10.00x",
        "50.00x",
        "non-2xx/3xx 4, read 2, timeout 1",
    ]


def test_ratio_formatting_and_a_zero_baseline() -> None:
    assert format_ratio(0.0531) == "0.053x"
    assert format_ratio(1.0) == "1.00x"
    assert format_ratio(18.6289) == "18.63x"
    assert format_ratio(None) == "n/a"
    results = [PageResult(BASELINE, _wrk(rps=0.0, p50=0.0, p99=0.0, requests=0))]
    assert "n/a" in format_table(results)


def test_json_carries_numbers_and_ratios() -> None:
    results = [
        PageResult(BASELINE, _wrk(rps=8000.0, p50=2.0, p99=4.0)),
        PageResult(HOME, _wrk(rps=400.0, p50=40.0, p99=90.0)),
    ]

    payload = to_json(results, {"duration_seconds": 2})

    assert payload["baseline"] == "/_bench/baseline"
    home = payload["pages"][1]
    assert home["path"] == "/"
    assert home["requests_per_sec"] == 400.0
    assert home["ratio_vs_baseline"] == {"requests_per_sec": 0.05, "p50": 20.0, "p99": 22.5}
    json.dumps(payload)  # serialisable as is


@pytest.mark.bench
def test_quick_benchmark_run_prints_every_page(tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        pytest.skip("Debian's wrk is not installed (apt-get install wrk): cannot load-test")
    output = tmp_path / "results.json"
    # Its own SQLite database: never write demo data into a database named by the caller.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}

    completed = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        # A guard against a hung run only (about 2 minutes idle, longer on a busy machine):
        # nothing here asserts how fast the pages are.
        timeout=900,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    rows = _table_rows(completed.stdout)
    assert set(rows) == {page.name for page in PAGES}
    for name, cells in rows.items():
        numbers = [float(cell.rstrip("x")) for cell in cells[:6]]
        assert all(number > 0 for number in numbers), (name, cells)
        assert cells[6] == "none", (name, cells)
    assert len(json.loads(output.read_text())["pages"]) == len(PAGES)


def _table_rows(stdout: str) -> dict[str, list[str]]:
    lines = [line for line in stdout.splitlines() if line.startswith("|")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    return {row[0]: row[1:] for row in rows}
