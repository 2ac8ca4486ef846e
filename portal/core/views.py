from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core.health import check_cache, check_database, check_tasks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """State of the database, cache and task queue; 503 when any of them is down."""
    results = {
        "database": check_database(),
        "cache": check_cache(),
        "tasks": check_tasks(),
    }
    checks = {name: {"ok": ok, **details} for name, (ok, details) in results.items()}
    healthy = all(ok for ok, _ in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def bench_baseline(request: HttpRequest) -> HttpResponse:
    """A bare Django view: the benchmark's yardstick (mounted only with PORTAL_BENCH_BASELINE)."""
    return HttpResponse(b"ok", content_type="text/plain")
