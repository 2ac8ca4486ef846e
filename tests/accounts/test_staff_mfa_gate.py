"""Staff must set up MFA before any staff screen is served."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.accounts.roles import STAFF_ROLES, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _with_totp(user) -> None:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_without_mfa_is_sent_to_mfa_setup(client, role):
    """Physicians, moderators, editors, compliance reviewers and administrators alike."""
    user = UserFactory(roles=[role])
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=%2Fadmin%2F" in response["Location"]


def test_moderation_screens_are_gated_too(client):
    """The gate covers moderation paths, not only the Wagtail admin."""
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.get("/moderation/")
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_totp_reach_the_admin(client):
    """With an authenticator set up, the admin is served."""
    user = UserFactory(roles=[Role.EDITOR])
    _with_totp(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_superuser_without_mfa_is_gated(client):
    """Superusers are staff too, whatever their groups."""
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_activate_totp"))


def test_patients_are_not_asked_for_mfa_and_are_sent_home_from_the_admin(client):
    """A patient has no staff screen: no MFA prompt, no redirect loop, a clear message."""
    from tests.fixtures_site import make_home_page

    make_home_page()
    client.force_login(UserFactory(roles=[Role.PATIENT]))
    response = client.get("/admin/", follow=True)
    hops = [url for url, _ in response.redirect_chain]
    assert not any(url.startswith(reverse("mfa_activate_totp")) for url in hops)
    assert len(hops) <= 3, hops
    assert hops[-1] == "/"
    assert response.status_code == 200
    assert b"does not have access to the staff admin" in response.content


def test_public_pages_are_not_gated_for_staff(client):
    """Staff without MFA can still read the public site and set MFA up."""
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    assert client.get(reverse("search")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
