"""Account-hub fixtures: a member with posts in every state, a report they made, and a
moderator to decide."""

from __future__ import annotations

import pytest
from machina.apps.forum_conversation.models import Post

from forums.moderation.models import ItemKind
from forums.moderation.services import item_reject, post_hold, post_report
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.fixtures_site import make_home_page
from tests.forums.conftest import join, make_group, make_topic


def add_post(topic, poster, text: str) -> Post:
    return Post.objects.create(
        topic=topic, poster=poster, subject="Re", content=text, approved=True
    )


@pytest.fixture
def hub(db):
    """A member in one group with a published topic, a held reply, a rejected reply, a
    removed (reported, then rejected) reply, and a report of someone else's post."""
    make_home_page()
    group = make_group("Heart circle")
    member = UserFactory(email="member@example.test", roles=["Patient"])
    other = UserFactory(roles=["Patient"])
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    join(member, group)
    join(other, group)
    topic = make_topic(group, poster=member, subject="Living with it", text="My story")
    held = add_post(topic, member, "A held reply")
    post_hold(post=held, kind=ItemKind.NEW_MEMBER)
    rejected = add_post(topic, member, "A rejected reply")
    item = post_hold(post=rejected, kind=ItemKind.WATCHED)
    item_reject(item_id=item.pk, moderator=moderator, reason="Off topic")
    removed = add_post(topic, member, "A removed reply")
    report = post_report(post=removed, reporter=other, category="spam")
    item_reject(item_id=report.item_id, moderator=moderator, reason="Spam")
    others_post = add_post(topic, other, "Someone else's words")
    post_report(post=others_post, reporter=member, category="misinformation", note="Wrong dose")
    return {
        "group": group,
        "member": member,
        "other": other,
        "moderator": moderator,
        "topic": topic,
        "held": held,
        "rejected": rejected,
        "removed": removed,
        "others_post": others_post,
    }
