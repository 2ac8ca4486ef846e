"""Notification emails carry a link, never the post's text; private groups stay private;
one-click unsubscribe; daily digests."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.models import GroupKind, GroupSubscription, MembershipStatus
from forums.notifications import send_daily_digests
from tests.factories import UserFactory
from tests.forums.conftest import join, make_group, make_topic

pytestmark = pytest.mark.django_db

CANARY = "Secretcanary"


def _reply(topic, poster, *, approved: bool = True) -> Post:
    return Post.objects.create(
        topic=topic,
        poster=poster,
        subject=f"{CANARY} subject",
        content=f"{CANARY} text",
        approved=approved,
    )


@pytest.fixture
def setup(home):
    def _make(kind=GroupKind.PUBLIC):
        group = make_group("Quiet circle" if kind == GroupKind.PRIVATE else "Open circle", kind)
        author, follower = UserFactory(), UserFactory()
        join(author, group)
        join(follower, group)
        topic = make_topic(group, poster=author, subject=f"{CANARY} topic", text="Start")
        topic.subscribers.add(follower, author)
        return group, topic, author, follower

    return _make


def _sent(django_capture_on_commit_callbacks, action):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action()
    return list(mail.outbox)


def test_subscribers_get_a_link_never_the_text(setup, django_capture_on_commit_callbacks):
    """One email to the follower (not the author), with a link and no member text."""
    _group, topic, author, follower = setup()
    sent = _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author))
    assert [message.to for message in sent] == [[follower.email]]
    message = sent[0]
    assert CANARY not in message.subject and CANARY not in message.body
    assert "/groups/p/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_private_groups_get_a_neutral_subject_and_no_text(
    setup, django_capture_on_commit_callbacks
):
    """Not even the private group's name appears in the subject."""
    _group, topic, author, _follower = setup(GroupKind.PRIVATE)
    sent = _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author))
    assert sent[0].subject == "New activity in one of your support groups"
    assert "Quiet circle" not in sent[0].subject
    assert CANARY not in sent[0].body


def test_former_members_of_private_groups_get_nothing(setup, django_capture_on_commit_callbacks):
    """A follower who left a private group is no longer told about it."""
    group, topic, author, follower = setup(GroupKind.PRIVATE)
    group.memberships.filter(user=follower).update(status=MembershipStatus.LEFT)
    assert _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author)) == []


def test_held_posts_notify_only_once_approved(setup, django_capture_on_commit_callbacks):
    """Nothing while a post waits for a moderator; one email when it is approved."""
    _group, topic, author, _follower = setup()
    post = None

    def create():
        nonlocal post
        post = _reply(topic, author, approved=False)

    assert _sent(django_capture_on_commit_callbacks, create) == []

    def approve():
        post.approved = True
        post.save()

    assert len(_sent(django_capture_on_commit_callbacks, approve)) == 1


def test_group_subscribers_and_one_click_unsubscribe(
    client, setup, django_capture_on_commit_callbacks
):
    """A group follower is emailed; the link's POST unsubscribes without logging in."""
    group, topic, author, _follower = setup()
    member = UserFactory()
    join(member, group)
    GroupSubscription.objects.create(user=member, group=group)
    sent = _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author))
    to_member = next(message for message in sent if message.to == [member.email])
    url = re.search(r"(/groups/unsubscribe/[^/\s]+/)", to_member.body).group(1)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert not GroupSubscription.objects.filter(user=member).exists()


def test_forged_unsubscribe_links_are_refused(client, home):
    """A tampered token is a 404, not an error page or an unsubscription."""
    response = client.post(reverse("group_unsubscribe", args=["not-a-valid-token"]))
    assert response.status_code == 404


def test_daily_digest_lists_links_once(setup, django_capture_on_commit_callbacks):
    """Digest subscribers get one email a day with links, no text, and no per-post emails."""
    group, topic, author, _follower = setup()
    reader = UserFactory()
    join(reader, group)
    GroupSubscription.objects.create(user=reader, group=group, digest=True)
    sent = _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author))
    assert all(message.to != [reader.email] for message in sent)
    mail.outbox.clear()
    assert send_daily_digests() == 1
    digest = mail.outbox[0]
    assert digest.to == [reader.email] and CANARY not in digest.body
    assert f"/groups/t/{topic.pk}/" in digest.body


def test_activity_emails_respect_preferences(setup, django_capture_on_commit_callbacks):
    """A follower who muted group activity, or unsubscribed from all, gets nothing."""
    from portal.notifications.services import preferences_update

    _group, topic, author, follower = setup()
    preferences_update(user=follower, muted_kinds=["group_activity"], all_off=False)
    assert _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author)) == []
    preferences_update(user=follower, muted_kinds=[], all_off=True)
    assert _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author)) == []
    preferences_update(user=follower, muted_kinds=[], all_off=False)
    assert len(_sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author))) == 1


def test_activity_links_and_one_click_header_are_on_the_base_url(
    setup, django_capture_on_commit_callbacks
):
    """The one-click header still unsubscribes from this topic; every link is absolute."""
    from tests.notifications.email_checks import assert_safe_email

    _group, topic, author, _follower = setup()
    [message] = _sent(django_capture_on_commit_callbacks, lambda: _reply(topic, author))
    assert "/groups/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert_safe_email(message, forbidden=(CANARY,))


def test_a_muted_digest_is_not_sent(setup):
    from portal.notifications.services import preferences_update

    group, topic, author, _follower = setup()
    reader = UserFactory()
    join(reader, group)
    GroupSubscription.objects.create(user=reader, group=group, digest=True)
    _reply(topic, author)
    preferences_update(user=reader, muted_kinds=["group_digest"], all_off=False)
    mail.outbox.clear()
    assert send_daily_digests() == 0
    assert mail.outbox == []
