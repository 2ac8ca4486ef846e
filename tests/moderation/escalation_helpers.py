"""A controllable clock and the real database task worker, for crisis alert tests."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from forums.moderation.models import ItemKind
from forums.moderation.services import post_hold
from tests.moderation.conftest import live_reply

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CHECK_TASK = "forums.moderation.tasks.crisis_alert_check_task"
ACK_LINK = re.compile(r"/groups/alerts/([^/\s]+)/")


class Clock:
    """Stands in for ``django.utils.timezone.now`` (read by the alert services and by the
    task queue's "ready to run" query alike)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def run_worker(capture_on_commit) -> int:
    """Run django-tasks-db's worker in this process until no task is ready (burst mode);
    returns how many crisis alert checks it ran (other apps queue tasks too). The test's
    transaction is the worker's connection, so the worker must not close it between tasks
    (``close_old_connections``); the tasks' on-commit enqueues run as the block ends."""
    from django_tasks_db.models import DBTaskResult

    checks = DBTaskResult.objects.filter(task_path=CHECK_TASK).exclude(status="READY")
    before = checks.count()
    with (
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        capture_on_commit(execute=True),
    ):
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
    return checks.count() - before


def hold_crisis(world, capture_on_commit, text: str = "I want to end it all tonight"):
    """A crisis post held as the screening would hold it; the first round goes out on
    commit."""
    post = live_reply(world, poster=world["member"], text=text)
    with capture_on_commit(execute=True):
        return post_hold(post=post, kind=ItemKind.CRISIS, findings={"crisis": ["end it all"]})


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def ack_path(message) -> str:
    token = ACK_LINK.search(message.body).group(1)
    return reverse("crisis_alert_ack", args=[token])
