"""The one way to write to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest

from portal.audit.context import current_context
from portal.audit.models import AuditEvent

_UNSET: Any = object()


def audit_record(
    *,
    action: str,
    actor: Any = _UNSET,
    target: models.Model | None = None,
    target_label: str = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``target``.

    The actor and address default to the current request's (see ``AuditContextMiddleware``)
    or to the actor a command named with ``audit_context``; pass ``actor=None`` to record
    a system action explicitly.
    """
    context = current_context()
    request = request or (context.request if context else None)
    if actor is _UNSET:
        actor = _actor_from(request, context)
    if isinstance(actor, AnonymousUser):
        actor = None
    payload = dict(data or {})
    if context and context.via and "via" not in payload:
        payload["via"] = context.via
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=_label(actor),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:255],
        ip_address=_ip_address(request),
        data=payload,
    )


def _actor_from(request: HttpRequest | None, context) -> Any:
    if context and context.actor is not None:
        return context.actor
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def _label(actor: Any) -> str:
    if actor is None:
        return ""
    return (getattr(actor, "email", "") or str(actor))[:254]


def _ip_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
