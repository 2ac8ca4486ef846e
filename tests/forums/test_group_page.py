"""The group page and topic page tell a reader what the group is and how to take part: the
description, member count, guidelines, a Join button, a real topic list, and "Log in or join
this group to reply" where the reply form would be. The post forms are the portal's own."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Topic

from forums.models import MembershipStatus
from tests.factories import UserFactory
from tests.forums.browser_steps import reply_url, topic_url
from tests.forums.conftest import join, make_group, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(home):
    group = make_group("Open circle")
    group.forum.description = "People living with high blood pressure share what helps."
    group.forum.save()
    member = UserFactory(roles=["Patient"])
    join(member, group)
    join(UserFactory(), group)
    join(UserFactory(), group, status=MembershipStatus.LEFT)
    topic = make_topic(group, poster=member, subject="Morning walks", text="They help me")
    locked = make_topic(group, poster=member, subject="Old thread", text="Closed now")
    Topic.objects.filter(pk=locked.pk).update(status=Topic.TOPIC_LOCKED)
    forum = group.forum
    return {
        "group": group,
        "member": member,
        "topic": topic,
        "url": reverse("forum:forum", args=[forum.slug, forum.pk]),
    }


def _page(client, url, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_group_page_shows_description_member_count_and_guidelines(client, circle):
    """Description from the group, active members counted (2, not the one who left), and a
    link to the community guidelines."""
    page = _page(client, circle["url"])
    assert "People living with high blood pressure share what helps." in page
    assert "2 members" in page
    assert reverse("group_guidelines") in page


def test_a_logged_in_non_member_gets_a_join_button_into_the_join_flow(client, circle):
    """The Join button leads to the existing join form."""
    page = _page(client, circle["url"], UserFactory(roles=["Patient"]))
    join_url = reverse("group_join", args=[circle["group"].pk])
    assert re.search(rf'<a class="button" href="{join_url}">Join this group</a>', page)


def test_an_anonymous_reader_is_led_to_log_in_then_join(client, circle):
    """Anonymous: the Join button goes to log-in, then back to the join form."""
    page = _page(client, circle["url"])
    join_url = reverse("group_join", args=[circle["group"].pk])
    assert f'href="{reverse("account_login")}?next={join_url}">Join this group</a>' in page


def test_a_member_gets_a_new_topic_button_and_no_join_button(client, circle):
    page = _page(client, circle["url"], circle["member"])
    assert "Start a new topic" in page and "Join this group" not in page


def test_topics_are_a_list_of_cards_with_starter_replies_activity_and_badges(client, circle):
    """No table of loose numbers: each topic is a list item with its title as a heading, who
    started it, the reply count, the last activity, and a Locked badge when locked."""
    page = _page(client, circle["url"])
    assert "<table" not in page
    cards = re.findall(r'<li class="topic-card[^"]*">(.*?)</li>', page, re.S)
    assert len(cards) == 2
    walks = next(card for card in cards if "Morning walks" in card)
    assert re.search(r'<h3 class="topic-title"><a href="[^"]+">Morning walks</a></h3>', walks)
    member_name = circle["member"].get_forum_display_name()
    assert f"Started by {member_name}" in walks
    assert "0 replies" in walks and "Last activity" in walks
    old = next(card for card in cards if "Old thread" in card)
    assert "badge-locked" in old and "Locked" in old


def test_an_anonymous_reader_sees_log_in_or_join_to_reply(client, circle):
    """Where the reply form would be: "Log in or join this group to reply", with both links."""
    page = _page(client, topic_url(circle["topic"]))
    text = re.sub(r"<[^>]+>", "", page)
    assert "Log in or join this group to reply." in text
    login = f"{reverse('account_login')}?next={topic_url(circle['topic'])}"
    assert f'href="{login}"' in page
    assert reverse("account_signup") in page


def test_a_logged_in_non_member_is_offered_to_join_to_reply(client, circle):
    page = _page(client, topic_url(circle["topic"]), UserFactory(roles=["Patient"]))
    assert "Join this group to reply" in page
    assert reverse("group_join", args=[circle["group"].pk]) in page


def test_a_member_gets_a_reply_button(client, circle):
    page = _page(client, topic_url(circle["topic"]), circle["member"])
    assert reply_url(circle["topic"]) in page and "Log in or" not in page


def test_the_new_topic_form_is_labelled_with_help_and_the_guidelines_reminder(client, circle):
    """Labels tied to fields, help text tied by aria-describedby, the guidelines reminder;
    no signature option, no poll fields, no post-type choice for a member."""
    forum = circle["group"].forum
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    page = _page(client, url, circle["member"])
    assert '<label for="id_subject">Subject</label>' in page
    assert '<label for="id_content">Message</label>' in page
    assert 'aria-describedby="id_content-help"' in page
    assert "Before you post" in page and reverse("group_guidelines") in page
    for absent in ("enable_signature", "poll_question", "id_topic_type", "Attachments"):
        assert absent not in page


def test_an_invalid_post_shows_the_error_next_to_the_field_and_keeps_the_text(client, circle):
    """An empty message: the error is tied to the field (aria-invalid, aria-describedby) and
    the subject typed is kept."""
    forum = circle["group"].forum
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    client.force_login(circle["member"])
    response = client.post(url, {"subject": "Kept subject", "content": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kept subject"' in page
    assert re.search(r'<textarea[^>]*aria-invalid="true"', page)
    assert 'id="id_content-errors"' in page


def test_the_email_me_replies_button_subscribes_the_member(client, circle):
    """The topic's "Email me replies" button is a form that subscribes in one step."""
    topic = circle["topic"]
    page = _page(client, topic_url(topic), circle["member"])
    action = reverse("forum_member:topic_subscribe", args=[topic.pk])
    assert f'action="{action}"' in page and "Email me replies" in page
    assert client.post(action).status_code == 302
    assert topic.subscribers.filter(pk=circle["member"].pk).exists()
