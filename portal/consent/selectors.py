from __future__ import annotations

from typing import Any

from django.utils import timezone

from portal.consent.models import PolicyAcceptance, PolicyDocument, PolicyKind


def current_documents(*, now=None) -> list[PolicyDocument]:
    """The current version of each kind (the newest already in effect), terms first."""
    now = now or timezone.now()
    current: dict[str, PolicyDocument] = {}
    for document in PolicyDocument.objects.filter(effective_at__lte=now).order_by(
        "kind", "-version"
    ):
        current.setdefault(document.kind, document)
    order = list(PolicyKind.values)
    return sorted(current.values(), key=lambda document: order.index(document.kind))


def current_document(*, kind: str) -> PolicyDocument | None:
    return next((d for d in current_documents() if d.kind == kind), None)


def documents_to_accept(*, user: Any, documents: list[PolicyDocument] | None = None) -> list:
    """Current documents this person has not accepted yet."""
    documents = current_documents() if documents is None else documents
    if not documents:
        return []
    accepted = set(
        PolicyAcceptance.objects.filter(user=user, document__in=documents).values_list(
            "document_id", flat=True
        )
    )
    return [document for document in documents if document.pk not in accepted]


def consents_export(*, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "document": acceptance.document.get_kind_display(),
            "version": acceptance.document.version,
            "accepted_at": acceptance.accepted_at,
        }
        for acceptance in PolicyAcceptance.objects.filter(user=user).select_related("document")
    ]
