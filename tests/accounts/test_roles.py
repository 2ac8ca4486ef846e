"""Roles: created by migration with explicit permissions; granted and removed with an audit."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission

from forums.moderation import roles as moderation_roles
from physicians import roles as physician_roles
from portal.accounts.roles import ROLE_PAGE_PERMISSIONS, ROLE_PERMISSIONS, Role
from portal.accounts.services import RoleError, role_grant, role_revoke
from portal.audit.models import AuditEvent
from search import roles as search_roles
from syndication import roles as syndication_roles
from tests.factories import UserFactory
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db

# Every app that grants role permissions in its migrations lists them in one module.
PERMISSION_SOURCES = [
    ROLE_PERMISSIONS,
    physician_roles.ROLE_PERMISSIONS,
    moderation_roles.ROLE_PERMISSIONS,
    search_roles.ROLE_PERMISSIONS,
    syndication_roles.ROLE_PERMISSIONS,
]
PAGE_PERMISSION_SOURCES = [ROLE_PAGE_PERMISSIONS, physician_roles.ROLE_PAGE_PERMISSIONS]


def _declared(sources, role: str) -> set[str]:
    return {name for source in sources for name in source.get(role, [])}


def _perm_names(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def _role_events(user, action: str):
    return AuditEvent.objects.filter(action=action, target_id=str(user.pk))


def _admin_with_mfa():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "X"})
    return admin


def test_the_roles_exist_with_exactly_their_listed_permissions():
    """The migration's groups match the matrix, and Wagtail's default groups are gone."""
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)
    for role in Role.values:
        assert _perm_names(Group.objects.get(name=role)) == _declared(PERMISSION_SOURCES, role)


def test_editors_can_edit_pages_but_cannot_publish():
    """Publishing goes through review workflows; only administrators hold publish_page."""
    editor_perms = set(
        GroupPagePermission.objects.filter(group__name=Role.EDITOR).values_list(
            "permission__codename", flat=True
        )
    )
    assert editor_perms == _declared(PAGE_PERMISSION_SOURCES, Role.EDITOR)
    assert "publish_page" not in editor_perms
    physician_perms = GroupPagePermission.objects.filter(group__name=Role.PHYSICIAN)
    assert set(physician_perms.values_list("permission__codename", flat=True)) == {"add_page"}


def test_granting_a_role_is_audited_once_with_the_actor():
    """One role.granted event naming who granted what to whom."""
    admin, user = UserFactory(), UserFactory()
    assert role_grant(user=user, role=Role.MODERATOR, actor=admin) is True
    assert role_grant(user=user, role=Role.MODERATOR, actor=admin) is False
    event = _role_events(user, "role.granted").get()
    assert event.actor == admin
    assert event.data["role"] == "Moderator"


def test_revoking_a_role_is_audited_once():
    """One role.revoked event; revoking a role not held changes nothing."""
    user = UserFactory(roles=[Role.EDITOR])
    assert role_revoke(user=user, role=Role.EDITOR) is True
    assert role_revoke(user=user, role=Role.EDITOR) is False
    assert _role_events(user, "role.revoked").count() == 1
    assert not user.groups.exists()


def test_unknown_role_is_refused_with_a_clear_error():
    """A typo in a role name never creates a group."""
    with pytest.raises(RoleError, match="Unknown role 'Superhero'"):
        role_grant(user=UserFactory(), role="Superhero")
    assert not Group.objects.filter(name="Superhero").exists()


def test_administrators_cannot_remove_their_own_administrator_role():
    """Nobody locks the portal out of administration by accident."""
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    with pytest.raises(RoleError):
        role_revoke(user=admin, role=Role.ADMINISTRATOR, actor=admin)
    assert admin.groups.filter(name=Role.ADMINISTRATOR).exists()


def test_changes_made_outside_the_service_are_audited_too():
    """Wagtail's own user screens set groups directly; those changes are logged as well."""
    user = UserFactory()
    editor, moderator = Group.objects.get(name="Editor"), Group.objects.get(name="Moderator")
    user.groups.set([editor, moderator])
    user.groups.set([moderator])
    editor.user_set.add(user)
    user.groups.clear()
    granted = list(_role_events(user, "role.granted").values_list("data__role", flat=True))
    revoked = list(_role_events(user, "role.revoked").values_list("data__role", flat=True))
    assert sorted(granted) == ["Editor", "Editor", "Moderator"]
    assert sorted(revoked) == ["Editor", "Editor", "Moderator"]


def test_roles_command_grants_revokes_and_shows(capsys):
    """manage.py roles grant/revoke/show, with the acting administrator recorded."""
    admin = UserFactory(email="boss@example.test")
    user = UserFactory(email="doc@example.test")
    call_command("roles", "grant", "doc@example.test", "Physician", "--by", "boss@example.test")
    call_command("roles", "show", "doc@example.test")
    assert "Physician" in capsys.readouterr().out
    call_command("roles", "revoke", "doc@example.test", "Physician")
    assert _role_events(user, "role.granted").get().actor == admin
    assert _role_events(user, "role.revoked").get().data["via"] == "command"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grant", "ghost@example.test", "Editor"], "No user with email"),
        (["grant", "real@example.test", "Wizard"], "Unknown role"),
    ],
)
def test_roles_command_refuses_bad_input_clearly(args, message):
    """Unknown users and roles are command errors, not tracebacks."""
    UserFactory(email="real@example.test")
    with pytest.raises(CommandError, match=message):
        call_command("roles", *args)


def test_admin_role_screen_grants_and_revokes_with_audit(client):
    """An administrator ticks roles in the Wagtail admin; each change is audited once."""
    admin = _admin_with_mfa()
    user = UserFactory(roles=[Role.PATIENT])
    client.force_login(admin)
    url = reverse("role_edit", args=[user.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"roles": [Role.PHYSICIAN]})
    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == ["Physician"]
    assert _role_events(user, "role.granted").get(data__role="Physician").actor == admin
    assert _role_events(user, "role.revoked").get().data == {"role": "Patient", "via": "admin"}


def test_admin_role_screen_refuses_self_demotion_with_a_form_error(client):
    """The refusal is a form error on the page, and nothing changes."""
    admin = _admin_with_mfa()
    client.force_login(admin)
    response = client.post(reverse("role_edit", args=[admin.pk]), {"roles": []})
    assert response.status_code == 200
    assert b"cannot remove their own Administrator role" in response.content
    assert admin.groups.filter(name=Role.ADMINISTRATOR).exists()


def test_admin_role_screen_rejects_unknown_roles(client):
    """A forged role value is a form error, not a new group."""
    admin = _admin_with_mfa()
    client.force_login(admin)
    response = client.post(reverse("role_edit", args=[admin.pk]), {"roles": ["Root"]})
    assert response.status_code == 200
    assert not Group.objects.filter(name="Root").exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.COMPLIANCE_REVIEWER, Role.MODERATOR])
def test_only_administrators_may_manage_roles(client, role):
    """Other staff get a permission error on the role screens."""
    user = UserFactory(roles=[role])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    client.force_login(user)
    assert_denied(client.get(reverse("role_index")))
    target = UserFactory()
    assert_denied(client.post(reverse("role_edit", args=[target.pk]), {"roles": ["Editor"]}))
    assert not target.groups.exists()


def test_role_index_lists_users_with_constant_queries(client):
    """The listing prefetches roles: more users, same number of queries."""
    admin = _admin_with_mfa()
    client.force_login(admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        UserFactory(roles=[Role.PATIENT])
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("role_index")).status_code == 200
    for _ in range(45):
        UserFactory(roles=[Role.PATIENT, Role.MODERATOR])
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("role_index")).status_code == 200
    assert len(large) == len(small)


def test_admin_role_screen_can_remove_every_role_of_another_user(client):
    """Unticking every box (an empty form) removes all roles rather than doing nothing."""
    admin = _admin_with_mfa()
    user = UserFactory(roles=[Role.EDITOR, Role.MODERATOR])
    client.force_login(admin)
    response = client.post(reverse("role_edit", args=[user.pk]), {})
    assert response.status_code == 302
    assert not user.groups.exists()
    assert _role_events(user, "role.revoked").count() == 2


def test_the_default_page_workflow_is_approved_by_administrators():
    """Wagtail's default workflow no longer points at a group that does not exist."""
    from wagtail.models import GroupApprovalTask, Workflow

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    task = GroupApprovalTask.objects.get(name="Administrator approval")
    assert list(task.groups.values_list("name", flat=True)) == ["Administrator"]
