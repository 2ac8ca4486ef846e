"""Only administrators verify physicians; verification is audited and bound to the NPI."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from physicians.factories import synthetic_npi
from physicians.selectors import physician_is_verified, verified_physician_user_ids
from physicians.services import VerificationError, physician_unverify, physician_verify
from portal.audit.models import AuditEvent
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


def test_administrator_verifies_with_an_audit_record(make_physician, admin_user):
    """Verification records who and when, once, in the audit log."""
    profile = make_physician(verified=False)
    verification = physician_verify(profile=profile, actor=admin_user)
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
        physician_verify(profile=profile, actor=UserFactory(roles=[role]))
    with pytest.raises(PermissionDenied):
        physician_verify(profile=profile, actor=profile.user)
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
    physician_verify(profile=profile, actor=admin_user)
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
    client.post(reverse("physician_verify", args=[profile.pk]))
    assert physician_is_verified(user=profile.user)
