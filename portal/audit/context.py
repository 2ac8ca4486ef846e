"""Who is acting right now: the current request, or an actor named by a command."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class AuditContext:
    request: HttpRequest | None = None
    actor: Any = None
    via: str = ""


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "portal_audit_context", default=None
)


def current_context() -> AuditContext | None:
    return _current.get()


@contextmanager
def audit_context(
    *, request: HttpRequest | None = None, actor: Any = None, via: str = ""
) -> Iterator[AuditContext]:
    """Attribute audit events recorded inside the block to this request or actor."""
    token = _current.set(AuditContext(request=request, actor=actor, via=via))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
