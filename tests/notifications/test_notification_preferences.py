"""The one notification sender respects each person's preferences and never loses a
mandatory notice."""

from __future__ import annotations

import pytest
from django.core import mail, signing

from portal.notifications.registry import register_kind
from portal.notifications.services import (
    notification_allowed,
    notify,
    preferences_update,
    unsubscribe_all,
    unsubscribe_all_token,
)
from tests.factories import UserFactory

register_kind(key="test_optional", label="Test optional", description="A test kind.")

pytestmark = pytest.mark.django_db


def test_every_kind_is_on_for_someone_who_never_chose():
    user = UserFactory()
    assert notification_allowed(user=user, kind="test_optional")
    assert notify(user=user, kind="test_optional", subject="Hello", lines=["Something happened."])
    assert len(mail.outbox) == 1


def test_a_muted_kind_is_not_sent_but_a_mandatory_one_is():
    user = UserFactory()
    preferences_update(user=user, muted_kinds=["test_optional", "account"], all_off=False)
    assert not notify(user=user, kind="test_optional", subject="Hello", lines=["x"])
    assert notify(user=user, kind="account", subject="Security", lines=["y"])
    assert [message.subject for message in mail.outbox] == ["Security"]


def test_unsubscribe_all_by_one_click_link_stops_optional_kinds():
    user = UserFactory()
    assert unsubscribe_all(token=unsubscribe_all_token(user_id=user.pk)) == user.pk
    assert not notification_allowed(user=user, kind="test_optional")
    assert notification_allowed(user=user, kind="account")


def test_a_forged_unsubscribe_token_is_refused():
    with pytest.raises(signing.BadSignature):
        unsubscribe_all(token="not-a-token")


def test_unknown_kinds_are_refused_clearly():
    user = UserFactory()
    with pytest.raises(ValueError, match="Unknown notification kinds"):
        preferences_update(user=user, muted_kinds=["no_such_kind"], all_off=False)
    with pytest.raises(LookupError):
        notify(user=user, kind="no_such_kind", subject="x", lines=[])


def test_inactive_people_and_people_without_email_get_nothing():
    assert not notification_allowed(user=UserFactory(is_active=False), kind="account")


def test_links_are_absolute_on_the_configured_base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    user = UserFactory()
    notify(user=user, kind="test_optional", subject="Hi", lines=["See"], link_path="/groups/")
    assert "https://portal.example.org/groups/" in mail.outbox[0].body
