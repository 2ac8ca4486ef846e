"""/healthz reports the database, cache and task queue, and answers 503 when one is down."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthy_portal_answers_200_with_each_check(client):
    """All three checks report ok."""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "tasks": True,
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_database_down_gives_503(client):
    """A failing database connection makes the portal unhealthy."""
    with mock.patch("portal.core.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_cache_down_gives_503(client):
    """A cache that raises (e.g. Redis unreachable) makes the portal unhealthy."""
    with mock.patch("portal.core.health.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_cache_that_loses_writes_gives_503(client):
    """A cache that accepts writes but returns nothing is not healthy either."""
    with mock.patch("portal.core.health.cache.get", return_value=None):
        assert client.get("/healthz").status_code == 503


def test_task_queue_not_draining_gives_503(client, settings):
    """A ready task waiting longer than the limit means no worker is running."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    settings.PORTAL_HEALTH_TASK_MAX_WAIT_SECONDS = 60
    _enqueue_waiting_task(DBTaskResult, waited=timedelta(minutes=5))
    body = client.get("/healthz").json()
    assert body["checks"]["tasks"]["ok"] is False
    assert body["checks"]["tasks"]["pending"] == 1
    assert client.get("/healthz").status_code == 503


def test_recent_tasks_in_the_queue_are_healthy(client, settings):
    """Tasks enqueued a moment ago are normal."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    _enqueue_waiting_task(DBTaskResult, waited=timedelta(seconds=1))
    assert client.get("/healthz").status_code == 200


def test_task_queue_unreachable_gives_503(client, settings):
    """A queue table that cannot be read is reported as down."""
    settings.TASKS = DB_TASKS
    with mock.patch(
        "django_tasks_db.models.DBTaskResultQuerySet.ready", side_effect=OperationalError("x")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["ok"] is False


def _enqueue_waiting_task(model, *, waited: timedelta) -> None:
    from django_tasks_db.models import get_date_max

    row = model.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="portal.tasks.example",
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    model.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - waited)
