"""Issue 13.3: every privilege a staff role grants needs the role's second factor, in this
session. Without it the account has a patient's rights, wherever the privilege is asked."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.accounts.roles import Role
from portal.accounts.selectors import staff_privileges_active
from tests.browser_helpers import totp_code
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.fixtures_people import with_mfa

pytestmark = pytest.mark.django_db


def _in_session(user, *, mfa: bool):
    """The user as a request's middleware leaves it, for a session with or without MFA."""
    from portal.accounts.middleware import _with_verdict
    from tests.clients import LoginClient

    client = LoginClient()
    client.force_login(user) if mfa else client.force_login_password_only(user)
    request = RequestFactory().get("/")
    request.session = client.session
    return _with_verdict(type(user).objects.get(pk=user.pk), request)


def test_a_role_s_permissions_need_mfa_in_the_session():
    """An editor's and an administrator's Django permissions exist only after the MFA step."""
    editor = _in_session(UserFactory(roles=[Role.EDITOR]), mfa=False)
    admin = _in_session(with_mfa(UserFactory(roles=[Role.ADMINISTRATOR])), mfa=False)
    assert not editor.has_perm("wagtailadmin.access_admin")
    assert not admin.has_perm("accounts.manage_roles")
    assert not admin.has_module_perms("accounts")
    assert admin.get_all_permissions() == set()
    assert _in_session(with_mfa(editor), mfa=True).has_perm("wagtailadmin.access_admin")
    assert _in_session(admin, mfa=True).has_perm("accounts.manage_roles")


def test_a_patient_s_rights_do_not_depend_on_mfa():
    """Nothing is paused for an account whose roles need no second factor."""
    assert staff_privileges_active(user=UserFactory(roles=[Role.PATIENT]))
    assert staff_privileges_active(user=UserFactory(roles=[Role.MENTOR]))


def test_a_session_without_the_mfa_step_pauses_the_privileges():
    """With a request, the session must record an "mfa" authentication step."""
    from django.contrib.sessions.backends.db import SessionStore

    user = with_mfa(UserFactory(roles=[Role.MODERATOR]))
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    assert not staff_privileges_active(user=user, request=request)
    assert staff_privileges_active(user=user)  # no request (a task): the authenticator counts


def test_staff_screens_ask_staff_with_an_authenticator_to_use_it(client):
    """Authenticator set up, password-only session: confirm the code, not set up again."""
    client.force_login_password_only(with_mfa(UserFactory(roles=[Role.EDITOR])))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Fadmin%2F" in response["Location"]


def test_the_login_s_mfa_stage_grants_the_privileges(client):
    """A real login: password, then the TOTP code; the admin is then served."""
    user = with_mfa(UserFactory(roles=[Role.MODERATOR]))
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # half-way through: not logged in yet
    client.post(reverse("mfa_authenticate"), {"code": totp_code("JBSWY3DPEHPK3PXP")})
    assert client.get("/admin/").status_code == 200


def test_setting_up_totp_in_the_session_grants_the_privileges(client):
    """Typing the new authenticator's code at set-up counts as the session's MFA step."""
    user = UserFactory(roles=[Role.MODERATOR])
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert client.get("/admin/").status_code == 302
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'value="([A-Z2-7]{16,})"', page)
    assert secret, "no TOTP secret on the page"
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
    assert client.get("/admin/").status_code == 200


def test_paused_staff_are_told_why_and_where_to_go(client):
    """Every page says the staff rights are paused and links to the missing step."""
    from tests.fixtures_site import make_home_page

    make_home_page()
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    page = client.get("/").content.decode()
    assert "Your staff rights are paused" in page
    assert f'href="{reverse("mfa_activate_totp")}?next=/"' in page
    client.force_login_password_only(with_mfa(UserFactory(roles=[Role.EDITOR])))
    assert f'href="{reverse("mfa_reauthenticate")}?next=/"' in client.get("/").content.decode()
    client.force_login(with_mfa(UserFactory(roles=[Role.EDITOR])))
    assert "Your staff rights are paused" not in client.get("/").content.decode()
    client.force_login(UserFactory(roles=[Role.PATIENT]))
    assert "Your staff rights are paused" not in client.get("/").content.decode()
