"""The demo portal exactly as ``make run`` builds and serves it, for the journey suite.

``make run`` runs ``migrate --noinput``, ``load_demo_data`` and ``rebuild_search_index`` with
the dev settings, then ``bin/serve-dev`` starts ``db_worker`` beside ``runserver``. This module
does the same as subprocesses, on a database of its own: a fresh SQLite file in a temporary
folder, or, when ``DATABASE_URL`` names PostgreSQL, a fresh database on that server (dropped
afterwards). The server's and the worker's logs are kept so that a test can be failed for every
response of 500 or more and every traceback its steps caused; emails go to files
(``EMAIL_URL=file://…``) that the test reads.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import dj_database_url

REPO = Path(__file__).resolve().parents[2]
BUILD_COMMANDS = (
    ("migrate", "--noinput"),
    ("load_demo_data",),
    ("rebuild_search_index",),
)
BUILD_TIMEOUT_SECONDS = 1800
START_TIMEOUT_SECONDS = 120
# runserver's access log: [26/Nov/2026 10:50:00] "GET /path HTTP/1.1" 500 1234
ACCESS_LINE = re.compile(r'"(?P<request>[A-Z]+ \S+) HTTP/[\d.]+" (?P<status>\d{3}) ')
# Django's file e-mail back-end separates messages written in one batch with this line.
MAIL_SEPARATOR = re.compile(rb"\n-{79}\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LogWatch:
    """Reads a growing log file from where the previous read stopped."""

    path: Path
    offset: int = 0

    def new_text(self) -> str:
        if not self.path.exists():
            return ""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        self.offset += len(data)
        return data.decode("utf-8", "replace")


def server_problems(text: str) -> list[str]:
    """Every response of 500 or more, and every traceback, in a slice of a log."""
    problems = []
    for line in text.splitlines():
        match = ACCESS_LINE.search(line)
        if match and int(match["status"]) >= 500:
            problems.append(f"HTTP {match['status']} for {match['request']}")
    for block in re.split(r"\n(?=\S)", text):
        if "Traceback (most recent call last)" in block:
            problems.append("traceback in the server log:\n" + block.strip()[-3000:])
    return problems


@dataclass
class DemoDatabase:
    """A database of the session's own: SQLite in ``folder``, or PostgreSQL beside
    ``DATABASE_URL``'s database."""

    url: str
    vendor: str
    drop_name: str = ""
    admin_url: str = ""

    @classmethod
    def create(cls, folder: Path) -> DemoDatabase:
        configured = os.environ.get("DATABASE_URL", "")
        if not configured or configured.startswith("sqlite"):
            return cls(url=f"sqlite:///{folder / 'demo.sqlite3'}", vendor="sqlite")
        config = dj_database_url.parse(configured)
        if "postgresql" not in config["ENGINE"]:
            raise RuntimeError(f"journeys support SQLite and PostgreSQL, not {config['ENGINE']}")
        name = f"{config['NAME']}_journeys_{os.getpid()}"[:63]
        database = cls(
            url=_with_database(configured, name),
            vendor="postgresql",
            drop_name=name,
            admin_url=_with_database(configured, "postgres"),
        )
        database._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        database._execute(f'CREATE DATABASE "{name}"')
        return database

    def drop(self) -> None:
        if self.drop_name:
            self._execute(f'DROP DATABASE IF EXISTS "{self.drop_name}" WITH (FORCE)')

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)


def _with_database(url: str, name: str) -> str:
    head, _, tail = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{tail}" if tail else "")


@dataclass
class DemoServer:
    """The running demo portal: its URL, its logs and its mail folder."""

    url: str
    folder: Path
    vendor: str
    processes: list[subprocess.Popen] = field(default_factory=list)
    # Tracebacks of the tasks the demo build queued, run before serving (no journey's fault).
    backlog_problems: list[str] = field(default_factory=list)
    watches: list[LogWatch] = field(default_factory=list)

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mail"

    def new_problems(self) -> list[str]:
        """Responses ≥ 500 and tracebacks logged since the previous call."""
        problems = []
        for watch in self.watches:
            problems += [f"{watch.path.name}: {p}" for p in server_problems(watch.new_text())]
        return problems

    def messages(self) -> list[EmailMessage]:
        """Every email sent so far, oldest first."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            for chunk in MAIL_SEPARATOR.split(path.read_bytes()):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return found

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_env(*, folder: Path, database_url: str, base_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "WAGTAIL")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=database_url,
        PORTAL_BASE_URL=base_url,
        EMAIL_URL=f"file://{folder / 'mail'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        PORTAL_ATTACHMENT_CACHE_DIR=str(folder / "attachments"),
        PYTHONUNBUFFERED="1",
    )
    return env


def build_demo_database(env: dict[str, str], folder: Path) -> None:
    """The commands ``make run`` runs before serving, in the same order."""
    for command in BUILD_COMMANDS:
        log = folder / f"build-{command[0]}.log"
        with log.open("wb") as output:
            result = subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command],
                cwd=REPO,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=BUILD_TIMEOUT_SECONDS,
                check=False,
            )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(command)} failed ({result.returncode}):\n"
                + log.read_text(errors="replace")[-5000:]
            )


def run_task_backlog(env: dict[str, str], folder: Path) -> list[str]:
    """Run the tasks the build queued (what ``make run``'s worker does first), so that their
    failures are not blamed on the first journey; return their problems."""
    log = folder / "build-task-backlog.log"
    with log.open("wb") as output:
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*"],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=BUILD_TIMEOUT_SECONDS,
            check=False,
        )
    return server_problems(log.read_text(errors="replace"))


def start_demo_server(folder: Path) -> tuple[DemoServer, DemoDatabase]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database = DemoDatabase.create(folder)
    env = server_env(folder=folder, database_url=database.url, base_url=base_url)
    (folder / "mail").mkdir(exist_ok=True)
    template = os.environ.get("PORTAL_JOURNEY_DB_TEMPLATE", "")
    try:
        if template and database.vendor == "sqlite":
            # Local iteration only (CI never sets it): a copy of a demo database built earlier.
            shutil.copyfile(template, folder / "demo.sqlite3")
        else:
            build_demo_database(env, folder)
    except BaseException:
        database.drop()
        raise
    server = DemoServer(url=base_url, folder=folder, vendor=database.vendor)
    server.backlog_problems = run_task_backlog(env, folder)
    # bin/serve-dev's pieces: the task worker, and runserver in front (without the autoreloader).
    for name, command in (
        ("worker", ("db_worker", "--queue-name", "*")),
        ("server", ("runserver", "--noreload", f"127.0.0.1:{port}")),
    ):
        log = folder / f"{name}.log"
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=REPO,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        server.processes.append(process)
        server.watches.append(LogWatch(log))
    try:
        _wait_until_serving(server)
    except BaseException:
        server.stop()
        database.drop()
        raise
    return server, database


def _wait_until_serving(server: DemoServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        for process in server.processes:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{process.args[2]} exited early:\n" + _tail(server.folder, process.args[2])
                )
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=5):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # serving (the health check itself may report a component down)
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the demo server did not answer /healthz:\n" + _tail(server.folder, ""))


def _tail(folder: Path, name: str) -> str:
    logs = [folder / "server.log", folder / "worker.log"]
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
