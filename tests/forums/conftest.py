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
    """A membership with the current guidelines accepted and a pseudonym."""
    from forums.models import MemberProfile
    from forums.selectors import current_guidelines

    version = current_guidelines().version
    MemberProfile.objects.update_or_create(
        user=user, defaults={"display_name": f"Member {user.pk}", "guidelines_version": version}
    )
    return Membership.objects.create(user=user, group=group, status=status)


@pytest.fixture
def home(db):
    return make_home_page()
