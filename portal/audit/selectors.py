from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import QuerySet

from portal.audit.models import AuditEvent

CSV_COLUMNS = [
    "id",
    "occurred_at",
    "action",
    "actor_id",
    "actor_label",
    "target_type",
    "target_id",
    "target_label",
    "ip_address",
    "data",
]
# Cells starting with these are read as formulas by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def audit_events(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    action_prefix: str = "",
    target_type: str = "",
    target_id: str = "",
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if until is not None:
        events = events.filter(occurred_at__lt=until)
    if action_prefix:
        events = events.filter(action__startswith=action_prefix)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    return events


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_csv_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    """CSV lines (header first) for streaming; cells are protected against formula injection."""
    import json

    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        row = [
            event.pk,
            event.occurred_at.isoformat(),
            event.action,
            event.actor_id or "",
            event.actor_label,
            event.target_type,
            event.target_id,
            event.target_label,
            event.ip_address or "",
            json.dumps(event.data, sort_keys=True, default=str),
        ]
        yield writer.writerow([_safe_cell(value) for value in row])


def _safe_cell(value: object) -> str:
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text
