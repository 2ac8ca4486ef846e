"""Public, members-only and private groups: who reads, who posts, and private = 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment

from forums.models import GroupKind, MembershipStatus
from forums.permissions import MODERATE, READ, SEE, WRITE, group_permissions
from tests.factories import UserFactory
from tests.forums.conftest import join, make_group, make_topic

pytestmark = pytest.mark.django_db

CANARY = "Privatecanary"


@pytest.mark.parametrize(
    ("kind", "member", "moderator", "expected"),
    [
        (GroupKind.PRIVATE, True, "no guidelines", READ),
        (GroupKind.PUBLIC, False, False, READ),
        (GroupKind.PUBLIC, True, False, READ | WRITE),
        (GroupKind.MEMBERS_ONLY, False, False, SEE),
        (GroupKind.MEMBERS_ONLY, True, False, READ | WRITE),
        (GroupKind.PRIVATE, False, False, frozenset()),
        (GroupKind.PRIVATE, True, False, READ | WRITE),
        (GroupKind.PRIVATE, False, True, READ | WRITE | MODERATE),
    ],
)
def test_permission_table(kind, member, moderator, expected):
    """The rules in one table (a member without the current guidelines only reads)."""
    may_post = moderator != "no guidelines"
    moderator = moderator is True
    result = group_permissions(kind, is_member=member, is_moderator=moderator, may_post=may_post)
    assert result == expected


@pytest.fixture
def private_world(home, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    owner = UserFactory(roles=["Patient"])
    group = make_group("Quiet circle", GroupKind.PRIVATE)
    join(owner, group)
    topic = make_topic(group, poster=owner, subject=f"{CANARY} topic", text=f"{CANARY} text")
    post = topic.first_post
    attachment = Attachment(post=post, comment="")
    attachment.file.save("x.txt", ContentFile(b"private notes"), save=True)
    forum = group.forum
    urls = [
        reverse("forum:forum", args=[forum.slug, forum.pk]),
        reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]),
        reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk]),
        reverse(
            "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
        ),
        reverse(
            "forum_conversation:post_update",
            args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
        ),
        reverse("forum_conversation:attachment", args=[attachment.pk]),
        reverse("forum_feeds:forum_latest_topics", args=[forum.slug, forum.pk]),
    ]
    return {"group": group, "owner": owner, "urls": urls}


@pytest.mark.parametrize("who", ["anonymous", "patient", "pending"])
def test_private_group_answers_404_to_non_members_on_every_url(client, private_world, who):
    """Group, topic, post forms, attachment and feed: 404, not a login redirect or 403."""
    if who != "anonymous":
        user = UserFactory(roles=["Patient"])
        if who == "pending":
            join(user, private_world["group"], MembershipStatus.PENDING)
        client.force_login(user)
    for url in private_world["urls"]:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert CANARY.encode() not in response.content


def test_private_group_text_never_leaks_into_lists_or_feeds(client, private_world):
    """The board index and the site-wide feed do not mention it to non-members."""
    for url in (reverse("forum:index"), reverse("forum_feeds:latest_topics")):
        content = client.get(url).content
        assert CANARY.encode() not in content
        assert b"Quiet circle" not in content


def test_members_read_the_private_group(client, private_world):
    """An active member reads the group and its topic."""
    client.force_login(private_world["owner"])
    assert client.get(private_world["urls"][0]).status_code == 200
    assert CANARY.encode() in client.get(private_world["urls"][1]).content


def test_moderators_read_private_groups(client, private_world):
    """Moderators keep every group safe, so they can read them all."""
    from allauth.mfa.models import Authenticator

    moderator = UserFactory(roles=["Moderator"])
    Authenticator.objects.create(user=moderator, type="totp", data={"secret": "X"})
    client.force_login(moderator)
    assert client.get(private_world["urls"][1]).status_code == 200


def test_public_group_is_read_by_anyone_but_only_members_post(client, home):
    """Anonymous visitors read; a logged-in non-member cannot start a topic."""
    group = make_group("Open circle", GroupKind.PUBLIC)
    author = UserFactory()
    join(author, group)
    topic = make_topic(group, poster=author, subject="Hello all", text="Welcome text")
    forum = group.forum
    topic_url = reverse(
        "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    assert b"Welcome text" in client.get(topic_url).content
    client.force_login(UserFactory(roles=["Patient"]))
    create_url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    assert client.get(create_url).status_code == 403
    client.force_login(author)
    assert client.get(create_url).status_code == 200


def test_members_only_group_shows_non_members_its_description_and_how_to_join(client, home):
    """Non-members see the description and how to join, never what is said in it."""
    group = make_group("Members circle", GroupKind.MEMBERS_ONLY)
    author = UserFactory()
    join(author, group)
    topic = make_topic(group, poster=author, subject="Inside", text="Membercanary text")
    forum = group.forum
    topic_url = reverse(
        "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    for who in ("anonymous", "patient"):
        if who == "patient":
            client.force_login(UserFactory(roles=["Patient"]))
        for url in (topic_url, reverse("forum:forum", args=[forum.slug, forum.pk])):
            response = client.get(url)
            assert response.status_code == 403
            assert b"Membercanary" not in response.content
            assert b"About Members circle" in response.content  # the description
            assert b"for members only" in response.content
            assert b'<meta name="robots" content="noindex">' in response.content
