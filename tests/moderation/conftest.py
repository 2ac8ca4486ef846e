"""Moderation fixtures: a public group with a trusted member (past the new-member holds), a
moderator on call, and a topic to reply to."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.moderation.models import OnCallModerator
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.fixtures_site import make_home_page
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import form_token

NO_ATTACHMENTS = {
    "attachment-TOTAL_FORMS": "0",
    "attachment-INITIAL_FORMS": "0",
    "attachment-MIN_NUM_FORMS": "0",
    "attachment-MAX_NUM_FORMS": "15",
}


def trusted_member(group, **fields):
    """A member whose posts go live at once (past the first held posts)."""
    from datetime import timedelta

    from django.utils import timezone

    from forums.models import MemberProfile

    member = UserFactory(roles=["Patient"], **fields)
    join(member, group)
    MemberProfile.objects.filter(user=member).update(created_at=timezone.now() - timedelta(days=30))
    topic = make_topic(group, poster=member, subject=f"Intro {member.pk}", text="Hello all")
    for index in range(3):
        Post.objects.create(
            topic=topic, poster=member, subject="Re", content=f"Post {index}", approved=True
        )
    return member


@pytest.fixture
def home(db):
    return make_home_page()


def make_world() -> dict:
    group = make_group("Heart circle")
    member = trusted_member(group)
    other = trusted_member(group)
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    OnCallModerator.objects.create(user=moderator)
    topic = make_topic(group, poster=other, subject="Welcome", text="Say hello")
    return {
        "group": group,
        "forum": group.forum,
        "member": member,
        "other": other,
        "moderator": moderator,
        "topic": topic,
    }


@pytest.fixture
def world(home):
    return make_world()


def reply_url(world) -> str:
    forum, topic = world["forum"], world["topic"]
    return reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )


def topic_create_url(world) -> str:
    forum = world["forum"]
    return reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])


def send(client, url: str, content: str, subject: str = "A subject", **extra):
    purpose = "forums.topic" if url.endswith("/topic/create/") else "forums.reply"
    data = {"subject": subject, "content": content, **NO_ATTACHMENTS}
    return client.post(url, {**data, **form_token(client, purpose), **extra})


def live_reply(world, *, poster, text: str) -> Post:
    return Post.objects.create(
        topic=world["topic"], poster=poster, subject="Re: Welcome", content=text, approved=True
    )
