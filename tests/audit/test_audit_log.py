"""The audit log: append-only, and each security event recorded exactly once."""

from __future__ import annotations

import csv
import io

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.accounts.roles import Role
from portal.audit.models import AppendOnlyError, AuditEvent
from portal.audit.services import audit_record
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def _events(action: str, user=None):
    events = AuditEvent.objects.filter(action=action)
    return events.filter(target_id=str(user.pk)) if user is not None else events


def _staff_with_mfa(role: str):
    user = UserFactory(roles=[role])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    return user


def _csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_events_cannot_be_changed_or_deleted():
    """Append-only from the application's side: instance and queryset writes refuse."""
    event = audit_record(action="test.event", actor=None)
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_deleting_a_user_keeps_their_events():
    """The log outlives the accounts it mentions."""
    user = UserFactory()
    audit_record(action="test.event", actor=user, target=user)
    user.delete()
    event = AuditEvent.objects.get(action="test.event")
    assert event.actor_label == user.email


def test_login_is_recorded_once_with_address(client):
    """A successful login: one auth.login event with the client's address."""
    user = UserFactory(email="reader@example.test")
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    event = _events("auth.login", user).get()
    assert event.actor == user
    assert event.ip_address == "127.0.0.1"
    assert not _events("auth.login_failed").exists()


def test_failed_login_is_recorded_once_per_attempt(client):
    """Each wrong password is one auth.login_failed event naming the account tried."""
    user = UserFactory(email="reader@example.test")
    for _ in range(2):
        client.post(reverse("account_login"), {"login": user.email, "password": "nope-nope"})
    assert _events("auth.login_failed", user).count() == 2
    assert _events("auth.login_failed").first().data["login"] == "reader@example.test"
    assert not _events("auth.login").exists()


def test_failed_login_for_an_unknown_address_is_recorded_without_a_target(client):
    """Attempts on addresses with no account are logged too."""
    client.post(reverse("account_login"), {"login": "ghost@example.test", "password": "x-x-x-x"})
    event = _events("auth.login_failed").get()
    assert event.target_id == ""
    assert event.data["login"] == "ghost@example.test"


def test_logout_is_recorded_once(client):
    """Logging out is a security event too."""
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_logout"))
    assert _events("auth.logout", user).count() == 1


def test_mfa_removal_is_recorded_once(client):
    """Deactivating TOTP (after re-authentication) is one mfa.removed event."""
    from allauth.mfa.totp.internal.auth import TOTP

    user = UserFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
    assert _events("mfa.removed", user).count() == 1


def test_role_change_is_recorded_once_per_role(client):
    """Granting two roles at once gives exactly two events."""
    user = UserFactory()
    from django.contrib.auth.models import Group

    user.groups.add(*Group.objects.filter(name__in=[Role.EDITOR, Role.MODERATOR]))
    assert _events("role.granted", user).count() == 2


def test_administrators_export_the_log_as_csv(client):
    """The export holds every event in the range, oldest first, and is itself audited."""
    admin = _staff_with_mfa(Role.ADMINISTRATOR)
    client.force_login(admin)
    audit_record(action="test.first", actor=None)
    audit_record(action="test.second", actor=None, data={"note": "=HYPERLINK(1)"})
    response = client.get(reverse("audit_export"), {"action": "test."})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert [row["action"] for row in rows] == ["test.first", "test.second"]
    assert _events("audit.exported").filter(actor=admin).count() == 1


def test_csv_cells_cannot_inject_spreadsheet_formulas(client):
    """Values starting with = + - @ are neutralised."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    audit_record(action="test.formula", actor=None, target_label="=cmd|' /C calc'!A0")
    row = _csv(client.get(reverse("audit_export"), {"action": "test.formula"}))[0]
    assert row["target_label"].startswith("'=")


def test_export_rejects_an_inverted_date_range(client):
    """A bad filter is a clear 400, not a 500 or an empty file."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    response = client.get(reverse("audit_export"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 400
    assert b"start date must be on or before" in response.content


def test_compliance_can_read_the_log_but_only_administrators_export(client):
    """Compliance reviewers view events; the CSV export is for administrators."""
    client.force_login(_staff_with_mfa(Role.COMPLIANCE_REVIEWER))
    assert client.get(reverse("audit_events")).status_code == 200
    assert_denied(client.get(reverse("audit_export")))


@pytest.mark.parametrize("role", [Role.PATIENT, Role.EDITOR, Role.PHYSICIAN])
def test_other_roles_cannot_read_the_log(client, role):
    """Neither the listing nor the export is served to other roles."""
    user = _staff_with_mfa(role) if role != Role.PATIENT else UserFactory(roles=[role])
    client.force_login(user)
    for url in (reverse("audit_events"), reverse("audit_export")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"action" not in response.content


def test_event_listing_filters_by_date_and_action(client):
    """The admin listing filters, and a bad date is a form error."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    audit_record(action="test.visible", actor=None)
    response = client.get(reverse("audit_events"), {"action": "test.vis"})
    assert b"test.visible" in response.content
    assert client.get(reverse("audit_events"), {"since": "not-a-date"}).status_code == 400


def _record_as(actor, *, action: str, ip: str, target=None) -> AuditEvent:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    request.user = actor
    return audit_record(action=action, actor=actor, target=target, request=request)


@pytest.fixture
def filter_events():
    """Three events by two actors from two addresses, about two different users."""
    alice = UserFactory(email="alice.auditor@example.org", first_name="Alice", last_name="Auditor")
    bob = UserFactory(email="bob.other@example.org", first_name="Bob", last_name="Other")
    return {
        "alice": alice,
        "bob": bob,
        "a": _record_as(alice, action="test.filter.a", ip="203.0.113.7", target=bob),
        "b": _record_as(bob, action="test.filter.b", ip="198.51.100.9", target=alice),
        "c": _record_as(alice, action="test.filter.c", ip="2001:db8::1", target=alice),
    }


FILTER_ACTIONS = ("test.filter.a", "test.filter.b", "test.filter.c")


def _listed_actions(response) -> set[str]:
    body = response.content.decode()
    return {action for action in FILTER_ACTIONS if action in body}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "alice.auditor"}, {"test.filter.a", "test.filter.c"}),
        ({"actor": "ALICE.AUDITOR@EXAMPLE.ORG"}, {"test.filter.a", "test.filter.c"}),
        ({"ip": "198.51.100.9"}, {"test.filter.b"}),
        ({"ip": "2001:db8:0::1"}, {"test.filter.c"}),
        ({"target_type": "accounts.user", "target": "bob oth"}, {"test.filter.a"}),
        ({"target_type": "physicians.blogpost"}, set()),
        ({"target": "bob.other@example"}, {"test.filter.a"}),
        ({"actor": "alice.auditor", "ip": "2001:db8::1"}, {"test.filter.c"}),
        ({"actor": "nobody-matches"}, set()),
    ],
)
def test_event_listing_filters_by_actor_object_and_address(client, filter_events, query, expected):
    """Actor (email part), object (type and name) and IP filters combine in the listing."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    response = client.get(reverse("audit_events"), {"action": "test.filter.", **query})
    assert response.status_code == 200
    assert _listed_actions(response) == expected


def test_event_listing_filters_by_actor_and_object_id(client, filter_events):
    """A number in the actor or object field matches that user's or object's id."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    alice, bob = filter_events["alice"], filter_events["bob"]
    by_actor = client.get(reverse("audit_events"), {"action": "test.filter.", "actor": bob.pk})
    assert _listed_actions(by_actor) == {"test.filter.b"}
    by_object = client.get(reverse("audit_events"), {"action": "test.filter.", "target": alice.pk})
    assert _listed_actions(by_object) == {"test.filter.b", "test.filter.c"}


def test_csv_export_applies_actor_object_and_address_filters(client, filter_events):
    """The CSV holds exactly what the same filters list, and the export records them."""
    admin = _staff_with_mfa(Role.ADMINISTRATOR)
    client.force_login(admin)
    query = {"action": "test.filter.", "actor": "alice.auditor", "target": "Bob Other"}
    rows = _csv(client.get(reverse("audit_export"), {**query, "ip": "203.0.113.7"}))
    assert [row["action"] for row in rows] == ["test.filter.a"]
    assert rows[0]["ip_address"] == "203.0.113.7"
    exported = _events("audit.exported").get(actor=admin)
    assert exported.data["actor"] == "alice.auditor"
    assert exported.data["ip_address"] == "203.0.113.7"


@pytest.mark.parametrize("bad_ip", ["not-an-ip", "300.1.1.1", "203.0.113.7/24", "1" * 40])
def test_an_invalid_ip_filter_is_a_form_error_not_a_server_error(client, filter_events, bad_ip):
    """A malformed address is explained next to the field (listing) or as a 400 (CSV)."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    listing = client.get(reverse("audit_events"), {"ip": bad_ip})
    assert listing.status_code == 400
    assert b"Enter a valid IPv4 or IPv6 address" in listing.content
    export = client.get(reverse("audit_export"), {"ip": bad_ip})
    assert export.status_code == 400
    assert b"Enter a valid IPv4 or IPv6 address" in export.content


def test_a_huge_number_as_actor_or_object_is_matched_as_text_not_a_server_error(
    client, filter_events
):
    """Digits beyond any id fall back to a name match instead of overflowing the database."""
    client.force_login(_staff_with_mfa(Role.ADMINISTRATOR))
    huge = "9" * 30
    for field in ("actor", "target"):
        response = client.get(reverse("audit_events"), {"action": "test.filter.", field: huge})
        assert response.status_code == 200
        assert _listed_actions(response) == set()
