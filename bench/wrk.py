"""Running Debian's ``wrk`` and reading its ``--latency`` report."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

from bench import BenchError

WRK_MISSING = "wrk was not found on PATH: install Debian's wrk: apt-get install wrk"
# Sent with every request: production settings trust it (DJANGO_BEHIND_TLS_PROXY=1), so
# plain-HTTP requests count as HTTPS and are not redirected.
HTTPS_HEADER = ("X-Forwarded-Proto", "https")

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1_000.0, "m": 60_000.0, "h": 3_600_000.0}
_PERCENTILE = re.compile(r"^\s*(\d+)%\s+(\d+(?:\.\d+)?)(us|ms|s|m|h)\s*$", re.M)
_REQUESTS_PER_SEC = re.compile(r"^Requests/sec:\s+(\d+(?:\.\d+)?)", re.M)
_TOTAL = re.compile(r"^\s*(\d+) requests in ", re.M)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.M)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.M)
_SOCKET_KINDS = ("connect", "read", "write", "timeout")


@dataclass(frozen=True)
class WrkResult:
    requests_per_sec: float
    requests: int
    latency_ms: dict[str, float]  # "50", "75", "90", "99" -> milliseconds
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def p50_ms(self) -> float:
        return self.latency_ms["50"]

    @property
    def p99_ms(self) -> float:
        return self.latency_ms["99"]

    @property
    def error_count(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    @property
    def failed(self) -> bool:
        return self.error_count > 0 or self.requests == 0


def find_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise BenchError(WRK_MISSING)
    return path


def to_ms(value: str, unit: str) -> float:
    return float(value) * _UNIT_MS[unit]


def parse_wrk_output(text: str) -> WrkResult:
    """Read requests/sec, the latency distribution and the error lines of a wrk report."""
    rps = _REQUESTS_PER_SEC.search(text)
    total = _TOTAL.search(text)
    latency = {pct: to_ms(value, unit) for pct, value, unit in _PERCENTILE.findall(text)}
    if rps is None or total is None or not {"50", "99"} <= latency.keys():
        raise BenchError(f"could not read wrk's report (was --latency passed?):\n{text}")
    return WrkResult(
        requests_per_sec=float(rps.group(1)),
        requests=int(total.group(1)),
        latency_ms=latency,
        non_2xx_3xx=_int_or_zero(_NON_2XX.search(text)),
        socket_errors=_socket_errors(text),
    )


def _int_or_zero(match: re.Match[str] | None) -> int:
    return int(match.group(1)) if match else 0


def _socket_errors(text: str) -> dict[str, int]:
    match = _SOCKET.search(text)
    counts = [int(n) for n in match.groups()] if match else [0, 0, 0, 0]
    return dict(zip(_SOCKET_KINDS, counts, strict=True))


def wrk_command(wrk: str, url: str, *, duration: int, connections: int) -> list[str]:
    threads = min(2, connections)  # wrk refuses fewer connections than threads
    header = f"{HTTPS_HEADER[0]}: {HTTPS_HEADER[1]}"
    return [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-H",
        header,
        url,
    ]


def run_wrk(wrk: str, url: str, *, duration: int, connections: int) -> WrkResult:
    command = wrk_command(wrk, url, duration=duration, connections=connections)
    completed = subprocess.run(  # noqa: S603 - fixed argument list, wrk path from shutil.which
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()
        raise BenchError(f"wrk failed on {url} (exit {completed.returncode}):\n{output}")
    return parse_wrk_output(completed.stdout)
