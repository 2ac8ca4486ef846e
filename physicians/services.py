"""Verification and disclosure snapshots."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from physicians.models import BlogPostPage, PhysicianProfilePage, PhysicianVerification
from physicians.validators import npi_is_valid
from portal.audit.services import audit_record


class VerificationError(ValueError):
    pass


@transaction.atomic
def physician_verify(*, profile: PhysicianProfilePage, actor) -> PhysicianVerification:
    """Record that an administrator verified this physician and their NPI."""
    if not actor.has_perm("physicians.verify_physician"):
        raise PermissionDenied("Only administrators can verify physicians.")
    if not npi_is_valid(profile.npi):
        raise VerificationError("The profile's NPI is not valid; it cannot be verified.")
    verification, _ = PhysicianVerification.objects.update_or_create(
        profile=profile,
        defaults={"npi": profile.npi, "verified_by": actor, "verified_at": timezone.now()},
    )
    audit_record(
        action="physician.verified", actor=actor, target=profile, data={"npi": profile.npi}
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
