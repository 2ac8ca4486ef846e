"""A reply, a new topic or a join request sent twice (a double click, a retry, twenty racing
requests) is created once; a missing or forged form token loses nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

from forums.models import GroupKind, Membership, MembershipStatus
from forums.selectors import current_guidelines
from portal.core.submissions import FIELD, REFUSED_MESSAGE, REPEAT_MESSAGE
from tests.factories import UserFactory
from tests.forums.conftest import make_group
from tests.helpers import assert_no_server_errors, post_together, racing_clients, rendered_token
from tests.moderation.conftest import NO_ATTACHMENTS, make_world, reply_url, topic_create_url

RACERS = 20


def _reply_data(client, world, text: str) -> dict:
    page = client.get(reply_url(world))
    assert page.status_code == 200
    token = rendered_token(page.content.decode())
    return {"subject": "Re", "content": text, **NO_ATTACHMENTS, **token}


def _topic_data(client, world, subject: str) -> dict:
    page = client.get(topic_create_url(world))
    assert page.status_code == 200
    token = rendered_token(page.content.decode())
    return {"subject": subject, "content": "Hello everyone", **NO_ATTACHMENTS, **token}


@pytest.fixture
def world(home):
    return make_world()


def test_reply_sent_twice_with_one_token_is_posted_once(client, world):
    """The second submit is taken to the first reply, with a message, not a copy."""
    client.force_login(world["member"])
    data = _reply_data(client, world, "Thank you all")
    first = client.post(reply_url(world), data)
    second = client.post(reply_url(world), data, follow=True)
    assert first.status_code == 302
    assert Post.objects.filter(content="Thank you all").count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert REPEAT_MESSAGE in second.content.decode()


def test_topic_sent_twice_with_one_token_is_created_once(client, world):
    client.force_login(world["member"])
    data = _topic_data(client, world, "Sleeping after surgery")
    first = client.post(topic_create_url(world), data)
    second = client.post(topic_create_url(world), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Topic.objects.filter(subject="Sleeping after surgery").count() == 1


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_reply_without_a_genuine_token_keeps_the_text_and_offers_a_fresh_token(
    client, world, token
):
    client.force_login(world["member"])
    data = {"subject": "Re", "content": "My typed words", **NO_ATTACHMENTS, FIELD: token}
    response = client.post(reply_url(world), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED_MESSAGE in html.replace("&#x27;", "'")
    assert "My typed words" in html
    fresh = rendered_token(html)
    assert fresh[FIELD] != token
    assert not Post.objects.filter(content="My typed words").exists()
    assert client.post(reply_url(world), {**data, **fresh}).status_code == 302
    assert Post.objects.filter(content="My typed words").count() == 1


def test_a_token_from_another_member_or_form_is_refused(client, world):
    client.force_login(world["other"])
    theirs = _reply_data(client, world, "Not mine")
    client.force_login(world["member"])
    assert client.post(reply_url(world), theirs).status_code == 200
    topic_token = {FIELD: _topic_data(client, world, "x")[FIELD]}
    assert client.post(reply_url(world), {**theirs, **topic_token}).status_code == 200
    assert not Post.objects.filter(content="Not mine").exists()


def test_a_reply_refused_by_the_rules_can_be_sent_again_with_the_same_token(client, world):
    """A re-shown form (an error, a preview) does not use up its token."""
    client.force_login(world["member"])
    data = _reply_data(client, world, "")
    assert client.post(reply_url(world), data).status_code == 200
    assert client.post(reply_url(world), {**data, "preview": "1"}).status_code == 200
    response = client.post(reply_url(world), {**data, "content": "Now with words"})
    assert response.status_code == 302
    assert Post.objects.filter(content="Now with words").count() == 1


def test_join_request_sent_twice_is_recorded_once(client, home):
    group = make_group("Quiet room", kind=GroupKind.PRIVATE)
    member = UserFactory(roles=["Patient"])
    client.force_login(member)
    url = reverse("group_join_private", args=[group.invite_token])
    page = client.get(url)
    data = {
        "display_name": "Calm River",
        "accept_guidelines": "on",
        "guidelines_version": current_guidelines().version,
        **rendered_token(page.content.decode()),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Membership.objects.filter(user=member, group=group).count() == 1
    assert Membership.objects.get(user=member, group=group).status == MembershipStatus.PENDING


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_replies_with_one_token_post_once(client_factory, world):
    clients = racing_clients(client_factory, world["member"], RACERS)
    data = _reply_data(clients[0], world, "Racing reply")
    results = post_together(clients, reply_url(world), data)
    assert_no_server_errors(results)
    assert Post.objects.filter(content="Racing reply").count() == 1
    assert {r["Location"] for r in results} == {results[0]["Location"]}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_new_topics_with_one_token_create_one(client_factory, world):
    clients = racing_clients(client_factory, world["member"], RACERS)
    data = _topic_data(clients[0], world, "Racing topic")
    results = post_together(clients, topic_create_url(world), data)
    assert_no_server_errors(results)
    assert Topic.objects.filter(subject="Racing topic").count() == 1
    assert Post.objects.filter(subject="Racing topic").count() == 1
