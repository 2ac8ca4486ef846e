"""Badges on posts, and constant query counts on topic and group pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from physicians.factories import PhysicianProfilePageFactory, synthetic_evidence
from physicians.services import physician_verify
from tests.factories import UserFactory
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _topic_url(topic) -> str:
    forum = topic.forum
    return reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk])


def _reply(topic, poster, text: str) -> None:
    Post.objects.create(topic=topic, poster=poster, subject="Re", content=text, approved=True)


def test_verified_physicians_and_mentors_get_badges(client, home, site_pages, admin_user):
    """Verified physician and peer-mentor badges; nothing for others or unverified doctors."""
    group = make_group("Open circle")
    verified = PhysicianProfilePageFactory(parent=site_pages["directory"])
    physician_verify(profile=verified, actor=admin_user, evidence=synthetic_evidence())
    unverified = PhysicianProfilePageFactory(parent=site_pages["directory"])
    mentor = UserFactory(roles=["Peer mentor"])
    patient = UserFactory(roles=["Patient"])
    for user in (verified.user, unverified.user, mentor, patient):
        join(user, group)
    topic = make_topic(group, poster=patient, subject="Hi", text="From the patient")
    _reply(topic, verified.user, "From the verified doctor")
    _reply(topic, unverified.user, "From the unverified doctor")
    _reply(topic, mentor, "From the mentor")
    content = client.get(_topic_url(topic)).content.decode()
    posts = {chunk.split("post-body")[1][:80]: chunk for chunk in content.split('class="post"')[1:]}
    by_text = {
        next(
            t
            for t in ("patient", "verified doctor", "unverified doctor", "mentor")
            if f"From the {t}" in body
        ): chunk
        for body, chunk in posts.items()
    }
    assert "Verified physician" in by_text["verified doctor"]
    assert "Verified physician" not in by_text["unverified doctor"]
    assert "Peer mentor" in by_text["mentor"]
    assert "badge" not in by_text["patient"]
    assert verified.user.email not in content and patient.email not in content


def test_topic_page_query_count_is_constant_from_5_to_50_posts(client, home):
    """Pseudonyms and badges are loaded per page, not per post."""
    group = make_group("Open circle")
    members = [UserFactory() for _ in range(5)]
    for member in members:
        join(member, group)
    topic = make_topic(group, poster=members[0], subject="Busy", text="Start")
    for index in range(4):
        _reply(topic, members[index % 5], f"Reply {index}")
    small = count_queries(client, _topic_url(topic))
    for index in range(4, 49):
        _reply(topic, members[index % 5], f"Reply {index}")
    assert count_queries(client, _topic_url(topic)) == small


def test_group_page_query_count_is_constant_from_100_to_1000_topics(client, home):
    """A big group costs the same number of queries as a small one."""
    group = make_group("Open circle")
    poster = UserFactory()
    join(poster, group)
    for index in range(100):
        make_topic(group, poster=poster, subject=f"Topic {index}", text="Text")
    url = reverse("forum:forum", args=[group.forum.slug, group.forum.pk])
    small = count_queries(client, url)
    for index in range(100, 1000):
        make_topic(group, poster=poster, subject=f"Topic {index}", text="Text")
    assert count_queries(client, url) == small
