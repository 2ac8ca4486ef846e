"""The demo `make run` builds: its first tasks run cleanly in the worker."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_tasks_queued_by_the_demo_build_run_without_tracebacks(demo_server):
    """The worker's first batch (the tasks load_demo_data queued) fails none of them."""
    assert not demo_server.backlog_problems, "\n".join(demo_server.backlog_problems)
