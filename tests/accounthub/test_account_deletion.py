"""Deleting one's account: password, grace period with undo, the sweep, what stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounthub.models import DeletionRequest, DeletionStatus
from accounthub.services import deletion_request, deletion_sweep
from forums.models import GroupSubscription, MemberProfile, Membership
from portal.accounts.roles import STAFF_ROLES
from portal.audit.models import AuditEvent
from portal.notifications.models import NotificationPreferences
from portal.notifications.services import preferences_update
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.fixtures_people import with_mfa

pytestmark = pytest.mark.django_db


def _request(client, user, password=DEFAULT_PASSWORD):
    client.force_login(user)
    return client.post(
        reverse("accounthub_delete"), {"password": password, "understood": "on"}, follow=True
    )


def test_deletion_needs_the_current_password(client, hub):
    """A wrong password is a form error under the password field; nothing is scheduled."""
    response = _request(client, hub["member"], password="not-my-password")
    page = response.content.decode()
    assert "That is not your current password." in page
    assert 'aria-describedby="id_password-errors"' in page
    assert not DeletionRequest.objects.exists()


def test_deletion_needs_the_confirmation_box(client, hub):
    """Without ticking "I understand", nothing happens and the reason is shown."""
    client.force_login(hub["member"])
    response = client.post(reverse("accounthub_delete"), {"password": DEFAULT_PASSWORD})
    assert "Please confirm you understand" in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_requesting_deletion_starts_a_grace_period_with_a_banner_and_an_email(
    client, hub, settings, django_capture_on_commit_callbacks
):
    """The account stays usable; every page shows the due date and an Undo button."""
    settings.PORTAL_ACCOUNT_DELETION_GRACE_DAYS = 14
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = _request(client, hub["member"]).content.decode()
    request = DeletionRequest.objects.get(user=hub["member"])
    assert request.status == DeletionStatus.PENDING
    assert (request.due_at - request.requested_at) == timedelta(days=14)
    assert "Your account is due to be deleted" in page
    assert reverse("accounthub_delete_undo") in page
    assert "Your account is due to be deleted" in client.get("/").content.decode()
    assert [m.subject for m in mail.outbox] == ["Your account will be deleted"]
    assert AuditEvent.objects.filter(action="account.deletion_requested").count() == 1


def test_undo_keeps_everything(client, hub):
    """Undo during the grace period: nothing removed, the sweep later leaves it alone."""
    _request(client, hub["member"])
    response = client.post(reverse("accounthub_delete_undo"), follow=True)
    assert "will not be deleted" in response.content.decode()
    assert "Your account is due to be deleted" not in response.content.decode()
    assert DeletionRequest.objects.get().status == DeletionStatus.CANCELLED
    assert deletion_sweep(now=timezone.now() + timedelta(days=30)) == 0
    hub["member"].refresh_from_db()
    assert hub["member"].is_active and hub["member"].email == "member@example.test"
    assert AuditEvent.objects.filter(action="account.deletion_cancelled").count() == 1


def test_the_sweep_waits_for_the_grace_period(hub):
    """Before the due date the sweep removes nothing."""
    deletion_request(user=hub["member"], password=DEFAULT_PASSWORD)
    assert deletion_sweep(now=timezone.now() + timedelta(days=13)) == 0
    hub["member"].refresh_from_db()
    assert hub["member"].is_active


def test_the_sweep_removes_personal_data_and_keeps_posts_under_former_member(client, hub):
    """After the grace period: scrubbed, inactive, no memberships, MFA, preferences; posts
    stay; other members see "Former member"; audit events stay, plus account.deleted."""
    member = hub["member"]
    with_mfa(member)
    GroupSubscription.objects.create(user=member, group=hub["group"])
    hub["topic"].subscribers.add(member)
    preferences_update(user=member, muted_kinds=[], all_off=True)
    events_before = AuditEvent.objects.count()
    deletion_request(user=member, password=DEFAULT_PASSWORD)
    call_command("account_deletion_sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DeletionRequest.objects.get().status == DeletionStatus.PENDING  # not yet due
    assert deletion_sweep(now=timezone.now() + timedelta(days=15)) == 1

    member.refresh_from_db()
    assert member.email.endswith("@deleted.invalid") and "member" not in member.email
    assert (member.first_name, member.last_name) == ("", "")
    assert not member.is_active and not member.has_usable_password()
    assert not member.groups.exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not Membership.objects.filter(user=member).exists()
    assert not MemberProfile.objects.filter(user=member).exists()
    assert not GroupSubscription.objects.filter(user=member).exists()
    assert not hub["topic"].subscribers.filter(pk=member.pk).exists()
    assert not NotificationPreferences.objects.filter(user=member).exists()
    assert hub["topic"].posts.filter(poster=member).count() == 4
    assert AuditEvent.objects.count() > events_before
    assert AuditEvent.objects.filter(action="account.deletion_requested").exists()
    deleted = AuditEvent.objects.get(action="account.deleted")
    assert "member@example.test" not in str(deleted.data) + deleted.target_label

    client.force_login(hub["other"])
    topic = hub["topic"]
    url = reverse(
        "forum_conversation:topic", args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk]
    )
    page = client.get(url).content.decode()
    assert "Former member" in page
    assert "My story" in page
    assert "member@example.test" not in page


def test_the_sweep_is_idempotent(hub):
    """A second run changes nothing and records no second deletion."""
    deletion_request(user=hub["member"], password=DEFAULT_PASSWORD)
    later = timezone.now() + timedelta(days=15)
    assert deletion_sweep(now=later) == 1
    email = type(hub["member"]).objects.get(pk=hub["member"].pk).email
    assert deletion_sweep(now=later) == 0
    assert type(hub["member"]).objects.get(pk=hub["member"].pk).email == email
    assert AuditEvent.objects.filter(action="account.deleted").count() == 1


def test_a_deleted_member_can_no_longer_log_in(client, hub):
    """The old email and password open nothing."""
    deletion_request(user=hub["member"], password=DEFAULT_PASSWORD)
    deletion_sweep(now=timezone.now() + timedelta(days=15))
    client.post(
        reverse("account_login"), {"login": "member@example.test", "password": DEFAULT_PASSWORD}
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_cannot_delete_their_own_account(client, role):
    """Any staff role gets a clear "contact an administrator" message and no form."""
    user = with_mfa(UserFactory(roles=[role]))
    response = _request(client, user)
    page = response.content.decode()
    assert "contact an administrator" in page
    assert 'name="password"' not in page
    assert not DeletionRequest.objects.exists()


def test_someone_who_became_staff_during_the_grace_period_is_not_swept(hub):
    """The sweep refuses (and records it) rather than scrub a staff account."""
    deletion_request(user=hub["member"], password=DEFAULT_PASSWORD)
    hub["member"].groups.add(
        *type(hub["member"]).groups.field.related_model.objects.filter(name="Moderator")
    )
    assert deletion_sweep(now=timezone.now() + timedelta(days=15)) == 0
    hub["member"].refresh_from_db()
    assert hub["member"].is_active
    assert AuditEvent.objects.filter(action="account.deletion_refused").count() == 1
