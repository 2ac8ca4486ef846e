"""Support-group fixtures: machina forums wrapped in SupportGroups, with posts."""

from __future__ import annotations

import pytest
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic

from forums.models import GroupKind, Membership, MembershipStatus, SupportGroup
from tests.fixtures_site import make_home_page


def make_group(name: str, kind: str = GroupKind.PUBLIC) -> SupportGroup:
    forum = Forum.objects.create(name=name, type=Forum.FORUM_POST, description=f"About {name}")
    return SupportGroup.objects.create(forum=forum, kind=kind)


def make_topic(group: SupportGroup, *, poster, subject: str, text: str) -> Topic:
    topic = Topic.objects.create(
        forum=group.forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=True,
    )
    Post.objects.create(topic=topic, poster=poster, subject=subject, content=text, approved=True)
    return topic


def join(user, group: SupportGroup, status: str = MembershipStatus.ACTIVE) -> Membership:
    return Membership.objects.create(user=user, group=group, status=status)


@pytest.fixture
def home(db):
    return make_home_page()
