from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

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
    actor: str = "",
    target: str = "",
    ip_address: str = "",
) -> QuerySet[AuditEvent]:
    """Events matching every filter given. ``actor`` matches a user id or part of the actor's
    email; ``target`` an object id, part of its name or part of a user's email; ``ip_address``
    one exact address."""
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
    if actor:
        events = events.filter(_id_or_text(actor, id_field="actor_id", text_field="actor_label"))
    if target:
        events = events.filter(
            _id_or_text(target, id_field="target_id", text_field="target_label")
            | _users_by_email(target)
        )
    if ip_address:
        events = events.filter(ip_address=ip_address)
    return events


_MAX_USERS_BY_EMAIL = 500
_MAX_ID = 2**31 - 1  # larger numbers cannot be a user id (and overflow PostgreSQL's integer)


def _id_or_text(value: str, *, id_field: str, text_field: str) -> Q:
    matches = Q(**{f"{text_field}__icontains": value})
    if value.isdigit() and int(value) <= _MAX_ID:
        matches |= Q(**{id_field: value if id_field == "target_id" else int(value)})
    return matches


def _users_by_email(text: str) -> Q:
    """Events about user accounts whose email contains ``text`` (their label is a name)."""
    user_model = get_user_model()
    ids = user_model.objects.filter(email__icontains=text).values_list("pk", flat=True)
    return Q(
        target_type=user_model._meta.label_lower,
        target_id__in=[str(pk) for pk in ids[:_MAX_USERS_BY_EMAIL]],
    )


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
