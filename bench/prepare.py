"""The run's working directory, the environments of its processes, and its data."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench import BENCH_DIR, REPO_ROOT, BenchError, log

DEV_SETTINGS = "portal.settings.dev"
PRODUCTION_SETTINGS = "portal.settings.production"
MANAGE_TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class Workspace:
    root: Path
    database_url: str
    static_root: Path
    fresh_database: bool
    secret_key: str = field(repr=False)


def create_workspace(parent: Path = BENCH_DIR) -> Workspace:
    """A new directory under ``.bench/``, with a fresh SQLite file unless DATABASE_URL is set."""
    parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    given_url = os.environ.get("DATABASE_URL", "")
    return Workspace(
        root=root,
        database_url=given_url or f"sqlite:///{root / 'bench.sqlite3'}",
        static_root=root / "static",
        secret_key=secrets.token_urlsafe(48),  # 64 characters
        fresh_database=not given_url,
    )


def dev_env(workspace: Workspace) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": DEV_SETTINGS,
        "DATABASE_URL": workspace.database_url,
    }


def production_env(workspace: Workspace) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS,
        "DJANGO_SECRET_KEY": workspace.secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "PORTAL_BENCH_BASELINE": "1",
        "DJANGO_STATIC_ROOT": str(workspace.static_root),
        "DATABASE_URL": workspace.database_url,
    }


def prepare(workspace: Workspace) -> None:
    """Migrate, load the demo content and index it with 10,000 synthetic search documents
    (dev settings), then collect static files."""
    manage(["migrate", "--noinput"], dev_env(workspace))
    manage(["load_demo_data"], dev_env(workspace))
    # Search: index the demo content, then 10,000 synthetic documents on top of it.
    manage(["rebuild_search_index"], dev_env(workspace))
    manage(["load_search_bench_documents", "--count", "10000"], dev_env(workspace))
    manage(["collectstatic", "--noinput"], production_env(workspace))


def manage(args: list[str], env: dict[str, str]) -> None:
    """``manage.py <args>``; its output is only shown when it fails."""
    log(f"manage.py {' '.join(args)} ({env['DJANGO_SETTINGS_MODULE']})")
    command = [sys.executable, str(REPO_ROOT / "manage.py"), *args]
    completed = subprocess.run(  # noqa: S603 - fixed argument list, our own interpreter
        command,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=MANAGE_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{output}")
