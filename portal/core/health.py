"""Health checks for /healthz: each returns (ok, details) and never raises."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

Check = tuple[bool, dict[str, Any]]


def check_database() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return False, {"vendor": connection.vendor}
    return True, {"vendor": connection.vendor, "latency_ms": _ms(started)}


def check_cache() -> Check:
    started = time.perf_counter()
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.exception("Health check: cache unreachable")
        return False, {}
    return ok, {"latency_ms": _ms(started)}


def check_tasks() -> Check:
    """The queue is reachable and draining: no ready task has waited past the limit."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return True, {"backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    limit = timedelta(seconds=settings.PORTAL_HEALTH_TASK_MAX_WAIT_SECONDS)
    try:
        ready = DBTaskResult.objects.ready()
        pending = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception:
        logger.exception("Health check: task queue unreachable")
        return False, {"backend": "database"}
    waited = (timezone.now() - oldest) if oldest else timedelta(0)
    details = {
        "backend": "database",
        "pending": pending,
        "oldest_pending_seconds": int(waited.total_seconds()),
    }
    return waited <= limit, details


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
