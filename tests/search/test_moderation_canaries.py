"""Search and moderation together: posts held by screening on submit, hidden by reports or
rejected in the moderation queue are never found; an approved one is."""

from __future__ import annotations

import pytest
from machina.apps.forum_conversation.models import Post

from forums.moderation.models import ModerationItem
from forums.moderation.services import item_approve, item_reject, post_report
from tests.fixtures_site import make_home_page
from tests.moderation.conftest import live_reply, make_world, reply_url, send, trusted_member
from tests.search.test_visibility_canaries import found

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    make_home_page()
    return make_world()


def test_a_post_held_on_submit_is_found_only_once_approved(client, world, committed):
    client.force_login(world["member"])
    text = "Moderationcanary: text me on (555) 010-0177"
    with committed():
        send(client, reply_url(world), text, post_anyway="on")
    client.logout()
    assert not found(client, "moderationcanary")
    item = ModerationItem.objects.get(post__content=text)
    with committed():
        item_approve(item_id=item.pk, moderator=world["moderator"])
    assert found(client, "moderationcanary")


def test_a_post_hidden_by_reports_is_never_found(client, world, committed):
    with committed():
        post = live_reply(world, poster=world["member"], text="Reportcanary advice")
    assert found(client, "reportcanary")
    with committed():
        for _ in range(3):
            post_report(post=post, reporter=trusted_member(world["group"]), category="spam")
    assert not Post.objects.get(pk=post.pk).approved
    assert not found(client, "reportcanary")


def test_a_rejected_post_is_never_found(client, world, committed):
    with committed():
        post = live_reply(world, poster=world["member"], text="Rejectcanary words")
        for _ in range(3):
            post_report(post=post, reporter=trusted_member(world["group"]), category="spam")
        item = ModerationItem.objects.get(post=post)
        item_reject(item_id=item.pk, moderator=world["moderator"], reason="Spam")
    assert not found(client, "rejectcanary")
