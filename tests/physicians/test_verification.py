"""Only administrators verify physicians; verification is audited and bound to the NPI."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from physicians.factories import synthetic_evidence, synthetic_npi
from physicians.selectors import physician_is_verified, verified_physician_user_ids
from physicians.services import VerificationError, physician_unverify, physician_verify
from portal.audit.models import AuditEvent
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db

EVIDENCE = synthetic_evidence()
FORM = {
    "checks": ["identity", "npi_record", "licence"],
    "licence_state": "OR",
    "source": "state_board",
    "note": "Oregon board lookup: licence active until 2027 (synthetic).",
}


def test_administrator_verifies_with_an_audit_record(make_physician, admin_user):
    """Verification records who and when, once, in the audit log."""
    profile = make_physician(verified=False)
    verification = physician_verify(profile=profile, actor=admin_user, evidence=EVIDENCE)
    assert verification.verified_by == admin_user
    assert physician_is_verified(user=profile.user)
    event = AuditEvent.objects.get(action="physician.verified", target_id=str(profile.pk))
    assert event.actor == admin_user and event.data["npi"] == profile.npi


@pytest.mark.parametrize("role", ["Physician", "Editor", "Compliance reviewer", "Moderator"])
def test_other_roles_cannot_verify(make_physician, role):
    """Not even the physician themselves."""
    from tests.factories import UserFactory

    profile = make_physician(verified=False)
    with pytest.raises(PermissionDenied):
        physician_verify(profile=profile, actor=UserFactory(roles=[role]), evidence=EVIDENCE)
    with pytest.raises(PermissionDenied):
        physician_verify(profile=profile, actor=profile.user, evidence=EVIDENCE)
    assert not physician_is_verified(user=profile.user)


def test_changing_the_npi_voids_the_verification(make_physician):
    """The badge belongs to the verified number, not to whatever the profile says now."""
    profile = make_physician()
    profile.npi = synthetic_npi(999_001)
    profile.save()
    assert not physician_is_verified(user=profile.user)
    assert verified_physician_user_ids(user_ids=[profile.user_id]) == set()


def test_no_revision_can_set_or_clear_verification(make_physician, admin_user):
    """Verification is not a page field: publishing an old revision leaves it as it is."""
    profile = make_physician(verified=False)
    old = profile.save_revision(user=profile.user)
    physician_verify(profile=profile, actor=admin_user, evidence=EVIDENCE)
    old.publish(user=profile.user, skip_permission_checks=True)
    assert physician_is_verified(user=profile.user)


def test_withdrawing_needs_a_reason_and_is_audited(make_physician, admin_user):
    """An unexplained withdrawal is refused; an explained one is logged."""
    profile = make_physician()
    with pytest.raises(VerificationError):
        physician_unverify(profile=profile, actor=admin_user, reason=" ")
    physician_unverify(profile=profile, actor=admin_user, reason="Licence lapsed (demo)")
    assert not physician_is_verified(user=profile.user)
    assert AuditEvent.objects.filter(action="physician.unverified").count() == 1


def test_badge_selector_answers_for_many_users_in_one_query(
    make_physician, django_assert_num_queries
):
    """Forum pages can ask about a whole page of authors at once."""
    verified = [make_physician() for _ in range(3)]
    unverified = make_physician(verified=False)
    ids = [p.user_id for p in verified] + [unverified.user_id]
    with django_assert_num_queries(1):
        result = verified_physician_user_ids(user_ids=ids)
    assert result == {p.user_id for p in verified}


def test_verification_screen_is_for_administrators(client, make_physician, admin_user):
    """The admin screen verifies; a physician gets a permission error."""
    profile = make_physician(verified=False)
    client.force_login(profile.user)
    assert_denied(client.post(reverse("physician_verify", args=[profile.pk])))
    assert not physician_is_verified(user=profile.user)
    client.force_login(admin_user)
    assert client.get(reverse("physician_verification")).status_code == 200
    client.post(reverse("physician_verify", args=[profile.pk]), FORM)
    assert physician_is_verified(user=profile.user)


def test_verification_records_its_evidence_in_the_record_the_admin_and_the_audit_event(
    client, make_physician, admin_user
):
    """What was checked, the licence state, the source and the note are kept and shown."""
    profile = make_physician(verified=False)
    client.force_login(admin_user)
    form_page = client.get(reverse("physician_verify", args=[profile.pk])).content.decode()
    assert "What you checked" in form_page and "Licence state" in form_page
    response = client.post(reverse("physician_verify", args=[profile.pk]), FORM)
    assert response.status_code == 302
    verification = profile.__class__.objects.get(pk=profile.pk).verification
    assert sorted(verification.checks) == sorted(FORM["checks"])
    assert (verification.licence_state, verification.source) == ("OR", "state_board")
    event = AuditEvent.objects.get(action="physician.verified", target_id=str(profile.pk))
    assert event.data["source"] == "state_board" and event.data["licence_state"] == "OR"
    assert event.data["note"] == FORM["note"]
    listing = client.get(reverse("physician_verification")).content.decode()
    assert "State medical board licence lookup" in listing and FORM["note"] in listing


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checks": ["identity", "npi_record"]}, "checks"),
        ({"licence_state": ""}, "licence_state"),
        ({"licence_state": "ZZ"}, "licence_state"),
        ({"source": ""}, "source"),
        ({"note": "  "}, "note"),
    ],
)
def test_verification_without_complete_evidence_is_a_form_error(
    client, make_physician, admin_user, change, field
):
    """Each missing piece comes back as an error on its field; nothing is verified."""
    profile = make_physician(verified=False)
    client.force_login(admin_user)
    response = client.post(reverse("physician_verify", args=[profile.pk]), FORM | change)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not physician_is_verified(user=profile.user)


def test_the_service_refuses_incomplete_evidence(make_physician, admin_user):
    """Callers other than the form get the same rule."""
    profile = make_physician(verified=False)
    with pytest.raises(VerificationError, match="licence"):
        physician_verify(
            profile=profile, actor=admin_user, evidence=synthetic_evidence(checks=("identity",))
        )
    assert not physician_is_verified(user=profile.user)


def test_the_npi_links_to_the_public_registry_on_the_profile_and_in_the_admin(
    client, make_physician, admin_user
):
    """An external link to npiregistry.cms.hhs.gov, rel=noopener, marked as a new tab."""
    profile = make_physician()
    link = f'href="https://npiregistry.cms.hhs.gov/provider-view/{profile.npi}" rel="noopener'
    public = client.get(profile.url).content.decode()
    assert link in public and "(opens in a new tab)" in public
    client.force_login(admin_user)
    assert link in client.get(reverse("physician_verification")).content.decode()
