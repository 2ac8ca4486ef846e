"""gunicorn serving the portal under production settings, for the length of a ``with``."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench import REPO_ROOT, BenchError, log
from bench.wrk import HTTPS_HEADER

HOST = "127.0.0.1"
HEALTH_PATH = "/healthz"
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect surfaces as an HTTPError carrying its 3xx status


_OPENER = urllib.request.build_opener(_NoRedirect)


def http_status(url: str, timeout: float = 10.0) -> int:
    """Status of a GET sent as the benchmark sends it (HTTPS header, redirects not followed)."""
    request = urllib.request.Request(url, headers=dict([HTTPS_HEADER]))  # noqa: S310 - http only
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def gunicorn_command(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--no-control-socket",
        "--graceful-timeout=5",
        "--log-level=warning",
    ]  # no --access-logfile: access logging stays off


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, log_path: Path) -> Iterator[str]:
    """Start gunicorn, wait for /healthz, yield its base URL; always stop it afterwards."""
    port = free_port()
    log(f"starting gunicorn on {HOST}:{port} with {workers} workers")
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, our own interpreter
            gunicorn_command(port, workers),
            cwd=REPO_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop gunicorn ourselves
        )
    try:
        base_url = f"http://{HOST}:{port}"
        wait_until_healthy(base_url, process, log_path)
        yield base_url
    finally:
        stop(process)


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    status = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{tail(log_path)}")
        status = _health_status(base_url)
        if status == 200:
            return
        time.sleep(0.2)
    raise BenchError(
        f"gunicorn did not answer 200 on {HEALTH_PATH} within {STARTUP_TIMEOUT_SECONDS:.0f} s"
        f" (last status: {status or 'no answer'}):\n{tail(log_path)}"
    )


def _health_status(base_url: str) -> int | None:
    try:
        return http_status(base_url + HEALTH_PATH, timeout=2.0)
    except OSError:
        return None  # not listening yet


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the master (it stops its workers); SIGKILL its process group if it hangs."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the session we started: master and workers
    process.wait()


def tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(gunicorn wrote nothing)"
