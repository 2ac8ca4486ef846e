"""What patients look for: the query log summed over a period (no identities are stored)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

REPORT_DAYS = 30


def top_queries(*, days: int = REPORT_DAYS) -> QuerySet:
    since = timezone.localdate() - timedelta(days=days - 1)
    from search.models import QueryLogEntry

    return (
        QueryLogEntry.objects.filter(day__gte=since)
        .values("query")
        .annotate(
            total_searches=Sum("searches"),
            zero_results=Sum("zero_result_searches"),
            last_searched=Max("day"),
        )
        .order_by("-total_searches", "query")
    )


def zero_result_queries(*, days: int = REPORT_DAYS) -> QuerySet:
    """Content gaps: queries that found nothing, most frequent first."""
    return top_queries(days=days).filter(zero_results__gt=0).order_by("-zero_results", "query")
