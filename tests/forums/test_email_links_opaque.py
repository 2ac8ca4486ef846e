"""Every email the support groups send names topics and posts by id, never by what members
wrote: a private group's topic title (a canary word) appears in no subject, body, HTML part
or header, in any case or slug form, and each link resolves through an opaque route that
lets a permitted reader in and answers 404 to everyone else."""

from __future__ import annotations

import email
import re
from email import policy
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.models import GroupKind, GroupSubscription, MembershipStatus
from forums.moderation.models import ItemStatus, ModerationItem, OnCallModerator, SanctionKind
from forums.moderation.services import (
    item_approve,
    item_reject,
    member_sanction,
    post_hold,
    post_report,
)
from forums.notifications import send_daily_digests
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.conftest import join, make_group, make_topic
from tests.notifications.email_checks import email_links, sent_to

pytestmark = pytest.mark.django_db

CANARY = "Zebracanary"
OPAQUE = re.compile(r"^/groups/(t|p)/\d+/$")


def _everything_in(message) -> str:
    """Subject, text, HTML alternatives, extra headers and the whole MIME message as sent
    (with its Message-ID and every generated header), each part also decoded."""
    raw = message.message().as_string()
    parts = [message.subject, message.body, raw, *map(str, message.extra_headers.values())]
    parts += [content for content, _type in getattr(message, "alternatives", [])]
    parsed = email.message_from_string(raw, policy=policy.default)
    parts += [str(value) for value in parsed.values()]
    parts += [part.get_content() for part in parsed.walk() if not part.is_multipart()]
    return "\n".join(str(part) for part in parts).lower()


def _assert_no_canary(message) -> None:
    assert CANARY.lower() not in _everything_in(message), message.subject


def _opaque_paths(message) -> list[str]:
    paths = [urlsplit(link).path for link in email_links(message)]
    return [path for path in paths if OPAQUE.match(path)]


@pytest.fixture
def private(home):
    """A private group whose topic is titled with the canary, with members in every role
    an email reaches, an on-call moderator and an outsider."""
    group = make_group("Quiet circle", GroupKind.PRIVATE)
    author, follower, reader, reporter = (UserFactory() for _ in range(4))
    for member in (author, follower, reader, reporter):
        join(member, group)
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    OnCallModerator.objects.create(user=moderator)
    topic = make_topic(group, poster=author, subject=f"{CANARY} topic", text=f"{CANARY} start")
    topic.subscribers.add(follower)
    GroupSubscription.objects.create(user=reader, group=group, digest=True)
    return {
        "group": group,
        "topic": topic,
        "author": author,
        "follower": follower,
        "reader": reader,
        "reporter": reporter,
        "moderator": moderator,
        "outsider": UserFactory(),
    }


def _reply(world, text: str = "reply") -> Post:
    return Post.objects.create(
        topic=world["topic"],
        poster=world["author"],
        subject=f"Re: {CANARY} topic",
        content=f"{CANARY} {text}",
        approved=True,
    )


def _sent(capture, action) -> list:
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return list(mail.outbox)


def _every_email(world, capture) -> dict[str, list]:
    """Trigger each kind of email the support groups send; returns them by kind."""
    emails = {"activity": _sent(capture, lambda: _reply(world))}
    emails["digest"] = _sent(capture, send_daily_digests)
    crisis_post = _reply(world, "crisis")
    emails["crisis alert"] = _sent(capture, lambda: post_hold(post=crisis_post, kind="crisis"))
    crisis = ModerationItem.objects.get(post=crisis_post)
    moderator = world["moderator"]
    emails["rejection"] = _sent(
        capture,
        lambda: item_reject(
            item_id=crisis.pk,
            moderator=moderator,
            reason="Unsafe advice.",
            outcome_note="Supportive message sent; no plan found.",
        ),
    )
    reported = _reply(world, "reported")
    post_report(post=reported, reporter=world["reporter"], category="other")
    item = ModerationItem.objects.get(post=reported, status=ItemStatus.OPEN)
    emails["report outcome"] = _sent(
        capture, lambda: item_approve(item_id=item.pk, moderator=moderator)
    )
    emails["sanction"] = _sent(
        capture,
        lambda: member_sanction(
            member=world["author"],
            moderator=moderator,
            kind=SanctionKind.WARN,
            reason="Please stay on topic.",
            duration=None,
        ),
    )
    return emails


def test_no_email_kind_carries_the_private_topic_title(private, django_capture_on_commit_callbacks):
    """Activity, digest, crisis alert, rejection, report outcome and sanction emails each go
    out, and none holds the canary anywhere (subject, text, HTML, headers)."""
    emails = _every_email(private, django_capture_on_commit_callbacks)
    expected = {
        "activity": private["follower"],
        "digest": private["reader"],
        "crisis alert": private["moderator"],
        "rejection": private["author"],
        "report outcome": private["reporter"],
        "sanction": private["author"],
    }
    for kind, recipient in expected.items():
        assert sent_to(emails[kind], recipient), f"no {kind} email was sent"
        for message in emails[kind]:
            _assert_no_canary(message)


def test_topic_and_post_links_are_opaque(private, django_capture_on_commit_callbacks):
    """The emails that point at a topic or post do so only through /groups/t/ or /groups/p/."""
    emails = _every_email(private, django_capture_on_commit_callbacks)
    for kind in ("activity", "digest", "report outcome"):
        [message] = emails[kind]
        assert _opaque_paths(message), f"the {kind} email has no opaque link"
        assert not [link for link in email_links(message) if "/topic/" in link], kind


def test_opaque_links_open_for_permitted_readers_and_404_for_others(
    client, private, django_capture_on_commit_callbacks
):
    """The recipient is taken to the topic; an outsider and a former member get a 404;
    an anonymous visitor is asked to log in, whatever the id."""
    emails = _every_email(private, django_capture_on_commit_callbacks)
    recipients = {
        "activity": private["follower"],
        "digest": private["reader"],
        "report outcome": private["reporter"],
    }
    for kind, recipient in recipients.items():
        for path in _opaque_paths(emails[kind][0]):
            client.force_login(recipient)
            response = client.get(path)
            assert response.status_code == 302, (kind, path)
            assert response["Location"].startswith(reverse("forum:index"))
            assert f"/topic/{private['topic'].slug}-{private['topic'].pk}/" in response["Location"]
            assert client.get(path, follow=True).status_code == 200
            client.force_login(private["outsider"])
            assert client.get(path).status_code == 404, (kind, path)
            client.logout()
            login = client.get(path)
            assert login.status_code == 302
            assert login["Location"].startswith(reverse("account_login"))
            assert CANARY.lower() not in login["Location"].lower()
    private["group"].memberships.filter(user=private["reader"]).update(status=MembershipStatus.LEFT)
    client.force_login(private["reader"])
    [digest] = emails["digest"]
    assert client.get(_opaque_paths(digest)[0]).status_code == 404


def test_opaque_links_to_missing_or_hidden_posts_are_404(client, private):
    """A rejected post, and ids that do not exist, answer the same 404 as a forbidden one."""
    hidden = Post.objects.create(
        topic=private["topic"], poster=private["author"], subject="Re", content="x", approved=False
    )
    missing_topic = reverse("group_topic_link", args=[private["topic"].pk + 1000])
    client.force_login(private["follower"])
    assert client.get(reverse("group_post_link", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("group_post_link", args=[hidden.pk + 1000])).status_code == 404
    assert client.get(missing_topic).status_code == 404
    client.logout()
    assert client.get(missing_topic).status_code == 302  # the login page, as for any id
