"""``python -m bench``: prepare data, serve with gunicorn, drive every page with wrk."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from bench import BENCH_DIR, BenchError, log
from bench import screening as screening_bench
from bench import signup as signup_bench
from bench.pages import PAGES, baseline_of
from bench.prepare import Workspace, create_workspace, prepare, production_env
from bench.report import format_table, to_json, write_json
from bench.runner import LoadOptions, PageResult, measure_all
from bench.server import gunicorn
from bench.wrk import find_wrk

DEFAULT_OUTPUT = BENCH_DIR / "results.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--duration", type=_positive, help="seconds per page (default 10)")
    parser.add_argument("--connections", type=_positive, default=16, help="default 16")
    parser.add_argument("--workers", type=_positive, default=2, help="gunicorn workers (2)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 s per page")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="results JSON")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument(
        "--screening-only",
        action="store_true",
        help="only time screening + rendering of worst-case 100k-character posts, and the "
        "p99 of screening 5,000-character posts",
    )
    parser.add_argument(
        "--signup-only",
        action="store_true",
        help="only time sign-ups for known against unknown addresses (medians and ratio)",
    )
    parser.add_argument(
        "--signup-requests",
        type=_positive,
        default=signup_bench.DEFAULT_REQUESTS,
        help=f"sign-ups per kind of address (default {signup_bench.DEFAULT_REQUESTS})",
    )
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def load_options(args: argparse.Namespace) -> LoadOptions:
    duration = args.duration or (2 if args.quick else 10)
    return LoadOptions(
        duration=duration, warmup=1 if args.quick else 2, connections=args.connections
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # run the clean-up on `kill` as on Ctrl-C
    try:
        return run(args)
    except BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    if args.signup_only:
        return signup_bench.main(args.signup_requests)
    screening_status = screening_bench.main()
    if args.screening_only:
        return screening_status
    signup_bench.main(args.signup_requests)  # reported; the page run decides the status
    wrk = find_wrk()  # before the slow preparation
    baseline_of(PAGES)  # a page list without exactly one baseline fails before any work
    options = load_options(args)
    workspace = create_workspace()
    try:
        results = benchmark(wrk, workspace, options, workers=args.workers)
    except BaseException:
        log(f"working directory kept for inspection: {workspace.root}")
        raise
    _clean_up(workspace, keep=args.keep)
    return report(results, _settings(workspace, options, args.workers), args.output)


def benchmark(
    wrk: str, workspace: Workspace, options: LoadOptions, *, workers: int
) -> list[PageResult]:
    log(f"working directory {workspace.root}")
    prepare(workspace)
    log_path = workspace.root / "gunicorn.log"
    with gunicorn(production_env(workspace), workers=workers, log_path=log_path) as base_url:
        return measure_all(wrk, base_url, PAGES, options)


def report(results: list[PageResult], settings: dict[str, Any], output: Path) -> int:
    print(format_table(results))
    write_json(output, to_json(results, settings))
    log(f"results written to {output}")
    failed = [item.page.name for item in results if item.wrk.failed]
    if failed:
        log(f"error: failed requests on: {', '.join(failed)} (see the errors column)")
        return 1
    return 0


def _settings(workspace: Workspace, options: LoadOptions, workers: int) -> dict[str, Any]:
    return {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_seconds": options.duration,
        "warmup_seconds": options.warmup,
        "connections": options.connections,
        "gunicorn_workers": workers,
        # Only the scheme: DATABASE_URL may carry a password.
        "database": "fresh sqlite" if workspace.fresh_database else _scheme(workspace),
    }


def _scheme(workspace: Workspace) -> str:
    return urlsplit(workspace.database_url).scheme


def _clean_up(workspace: Workspace, *, keep: bool) -> None:
    if keep:
        log(f"working directory kept: {workspace.root}")
    else:
        shutil.rmtree(workspace.root, ignore_errors=True)
