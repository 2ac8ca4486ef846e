"""The email preferences page and the one-click unsubscribe link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from forums.models import GroupSubscription
from portal.notifications.models import NotificationPreferences
from portal.notifications.registry import all_kinds, register_kind
from portal.notifications.services import notify, preferences_for, unsubscribe_all_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

register_kind(
    key="test.hub_optional",
    label="Hub test kind",
    description="An optional kind registered by the account-hub tests.",
)


def test_every_kind_is_listed_and_mandatory_ones_are_disabled_and_on(client, hub):
    """Each registered kind has a checkbox; "account" is checked and disabled."""
    client.force_login(hub["member"])
    page = client.get(reverse("notification_preferences")).content.decode()
    for kind in all_kinds():
        assert kind.label in page
    assert 'name="kind_account"' in page
    account_input = re.search(r'<input[^>]*name="kind_account"[^>]*>', page).group(0)
    assert "disabled" in account_input and "checked" in account_input
    assert "Always sent." in page
    assert "Heart circle" in page


def test_saving_preferences_mutes_kinds_sets_groups_and_unfollows_topics(client, hub):
    """One form: kinds, unsubscribe-all, each group's email and each followed topic."""
    member, group, topic = hub["member"], hub["group"], hub["topic"]
    topic.subscribers.add(member)
    client.force_login(member)
    response = client.post(
        reverse("notification_preferences"),
        {"kind_account": "", f"group_{group.pk}": "digest", "all_off": ""},
        follow=True,
    )
    assert "Your email preferences are saved." in response.content.decode()
    preferences = preferences_for(user=member)
    assert "test.hub_optional" in preferences.muted_kinds
    assert "account" not in preferences.muted_kinds
    assert preferences.all_off is False
    assert GroupSubscription.objects.get(user=member, group=group).digest is True
    assert not topic.subscribers.filter(pk=member.pk).exists()


def test_a_forged_group_choice_is_a_form_error(client, hub):
    """An invalid radio value is refused with the form shown again; nothing saved."""
    client.force_login(hub["member"])
    response = client.post(
        reverse("notification_preferences"), {f"group_{hub['group'].pk}": "hourly"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreferences.objects.filter(user=hub["member"]).exists()


def test_unsubscribe_all_is_applied_and_mandatory_mail_still_goes(client, hub):
    """Unsubscribe-all stops optional kinds; the account kind is still sent."""
    member = hub["member"]
    client.force_login(member)
    client.post(
        reverse("notification_preferences"),
        {f"group_{hub['group'].pk}": "off", "all_off": "on", "kind_test.hub_optional": "on"},
    )
    assert preferences_for(user=member).all_off is True
    mail.outbox.clear()
    assert notify(user=member, kind="test.hub_optional", subject="s", lines=["x"]) is False
    assert notify(user=member, kind="account", subject="s", lines=["x"]) is True


def test_unsubscribe_link_get_asks_and_changes_nothing(client):
    """A link scanner's GET shows a button and unsubscribes nobody."""
    user = UserFactory()
    url = reverse("notification_unsubscribe", args=[unsubscribe_all_token(user_id=user.pk)])
    response = client.get(url)
    assert response.status_code == 200
    assert "Unsubscribe from all other emails" in response.content.decode()
    assert not NotificationPreferences.objects.filter(user=user).exists()


def test_one_click_post_unsubscribes_without_login_or_csrf(client_factory):
    """RFC 8058: a mail client's POST, no session and no CSRF token, applies it."""
    user = UserFactory()
    url = reverse("notification_unsubscribe", args=[unsubscribe_all_token(user_id=user.pk)])
    strict = client_factory(enforce_csrf_checks=True)
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert preferences_for(user=user).all_off is True


def test_a_damaged_unsubscribe_token_is_a_clear_404(client):
    """A forged or truncated token changes nothing and explains what to do."""
    url = reverse("notification_unsubscribe", args=["not-a-real-token"])
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 404
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not NotificationPreferences.objects.exists()


def test_notification_emails_link_to_these_pages(hub, settings):
    """notify() finds the preferences and unsubscribe URLs the hub mounts."""
    settings.PORTAL_BASE_URL = "http://testserver"
    mail.outbox.clear()
    notify(user=hub["member"], kind="test.hub_optional", subject="s", lines=["x"])
    message = mail.outbox[0]
    assert "http://testserver/account/notifications/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/account/notifications/unsubscribe/"
    )
