"""Shared fixtures (registered in tests/conftest.py): a small site with a physicians
directory and a blog, staff users with MFA, and verified physicians."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from physicians.factories import (
    BlogIndexPageFactory,
    PhysicianIndexPageFactory,
    PhysicianProfilePageFactory,
    synthetic_evidence,
)
from physicians.services import physician_verify
from portal.accounts.roles import Role
from tests.factories import UserFactory
from tests.fixtures_site import make_home_page


def with_mfa(user):
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
    )
    return user


@pytest.fixture
def site_pages(db):
    home = make_home_page()
    directory = PhysicianIndexPageFactory(parent=home)
    blog = BlogIndexPageFactory(parent=home)
    return {"home": home, "directory": directory, "blog": blog}


@pytest.fixture
def admin_user(db):
    return with_mfa(UserFactory(email="admin@example.test", roles=[Role.ADMINISTRATOR]))


@pytest.fixture
def compliance_user(db):
    return with_mfa(UserFactory(email="compliance@example.test", roles=[Role.COMPLIANCE_REVIEWER]))


@pytest.fixture
def make_physician(site_pages, admin_user):
    """A physician with a live profile (verified unless verified=False), MFA set up."""

    def _make(*, verified: bool = True, **fields):
        profile = PhysicianProfilePageFactory(parent=site_pages["directory"], **fields)
        with_mfa(profile.user)
        if verified:
            physician_verify(profile=profile, actor=admin_user, evidence=synthetic_evidence())
        return profile

    return _make
