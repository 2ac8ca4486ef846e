from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.consent.models import PolicyAcceptance, PolicyDocument, PolicyKind
from portal.consent.selectors import current_documents


class ConsentError(ValueError):
    pass


@transaction.atomic
def policies_accept(*, user: Any, document_ids: list[int]) -> list[PolicyAcceptance]:
    """Record that ``user`` accepted these documents; each must be a current version.
    Accepting one already accepted changes nothing. Every new acceptance is audited."""
    current = {document.pk: document for document in current_documents()}
    stale = [pk for pk in document_ids if pk not in current]
    if stale:
        raise ConsentError("Those are not the current terms; reload the page and try again.")
    created = []
    for pk in document_ids:
        acceptance, new = PolicyAcceptance.objects.get_or_create(user=user, document_id=pk)
        if new:
            created.append(acceptance)
            document = current[pk]
            audit_record(
                action="consent.accepted",
                actor=user,
                target=user,
                target_label=f"user {user.pk}",
                data={"kind": document.kind, "version": document.version},
            )
    return created


@transaction.atomic
def policy_publish(
    *, kind: str, title: str, summary: str, body: str = "", url: str = "", effective_at=None
) -> PolicyDocument:
    """Add the next version of a document (current from ``effective_at``, default now)."""
    if kind not in PolicyKind.values:
        raise ConsentError(f"Unknown document kind {kind!r}.")
    latest = PolicyDocument.objects.filter(kind=kind).order_by("-version").first()
    document = PolicyDocument.objects.create(
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        title=title,
        summary=summary,
        body=body,
        url=url,
        effective_at=effective_at or timezone.now(),
    )
    audit_record(
        action="consent.document_published",
        target=document,
        data={"kind": kind, "version": document.version},
    )
    return document
