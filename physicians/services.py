"""Verification and disclosure snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from physicians.models import (
    BlogPostPage,
    PhysicianProfilePage,
    PhysicianVerification,
    VerificationCheck,
    VerificationSource,
)
from physicians.states import US_STATE_CODES
from physicians.validators import npi_is_valid
from portal.audit.services import audit_record


class VerificationError(ValueError):
    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


@dataclass(frozen=True)
class VerificationEvidence:
    """What the administrator checked, and where."""

    checks: tuple[str, ...]
    licence_state: str
    source: str
    note: str


REQUIRED_CHECKS = frozenset(VerificationCheck.values)


def evidence_problems(evidence: VerificationEvidence) -> dict[str, str]:
    """Field name -> message for every gap in the evidence (empty when complete)."""
    problems: dict[str, str] = {}
    if not set(evidence.checks) >= REQUIRED_CHECKS or set(evidence.checks) - REQUIRED_CHECKS:
        problems["checks"] = "Confirm identity, the NPI record and an active licence."
    if evidence.licence_state not in US_STATE_CODES:
        problems["licence_state"] = "Choose the state that issued the licence you checked."
    if evidence.source not in VerificationSource.values:
        problems["source"] = "Choose where you checked the NPI and licence."
    if not evidence.note.strip():
        problems["note"] = "Note what you saw (e.g. licence number and expiry)."
    return problems


@transaction.atomic
def physician_verify(
    *, profile: PhysicianProfilePage, actor, evidence: VerificationEvidence
) -> PhysicianVerification:
    """Record that an administrator verified this physician and their NPI, with evidence."""
    if not actor.has_perm("physicians.verify_physician"):
        raise PermissionDenied("Only administrators can verify physicians.")
    if not npi_is_valid(profile.npi):
        raise VerificationError("The profile's NPI is not valid; it cannot be verified.")
    problems = evidence_problems(evidence)
    if problems:
        raise VerificationError(" ".join(problems.values()), fields=problems)
    evidence_data = {
        "checks": sorted(evidence.checks),
        "licence_state": evidence.licence_state,
        "source": evidence.source,
        "note": evidence.note.strip(),
    }
    verification, _ = PhysicianVerification.objects.update_or_create(
        profile=profile,
        defaults={
            "npi": profile.npi,
            "verified_by": actor,
            "verified_at": timezone.now(),
            **evidence_data,
        },
    )
    audit_record(
        action="physician.verified",
        actor=actor,
        target=profile,
        data={"npi": profile.npi, **evidence_data},
    )
    return verification


@transaction.atomic
def physician_unverify(*, profile: PhysicianProfilePage, actor, reason: str) -> None:
    if not actor.has_perm("physicians.verify_physician"):
        raise PermissionDenied("Only administrators can withdraw a verification.")
    if not reason.strip():
        raise VerificationError("Give a reason for withdrawing the verification.")
    deleted, _ = PhysicianVerification.objects.filter(profile=profile).delete()
    if deleted:
        audit_record(
            action="physician.unverified", actor=actor, target=profile, data={"reason": reason}
        )


def post_snapshot_disclosures(*, post: BlogPostPage, revision) -> dict:
    """Copy the author's current disclosures onto the published post and its revision, so
    a later profile edit never rewrites what readers were told at publication."""
    author = PhysicianProfilePage.objects.get(pk=post.author_id)
    snapshot = {
        "taken_at": timezone.now().isoformat(),
        "author": author.display_name,
        "no_relevant_financial_relationships": author.no_relevant_financial_relationships,
        "disclosures": author.disclosure_summary(),
    }
    BlogPostPage.objects.filter(pk=post.pk).update(disclosure_snapshot=snapshot)
    if revision is not None:
        revision.content["disclosure_snapshot"] = snapshot
        revision.save(update_fields=["content"])
    post.disclosure_snapshot = snapshot
    return snapshot
