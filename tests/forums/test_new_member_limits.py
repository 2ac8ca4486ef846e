"""New-member limits and content rules hold on every write path, and keep the text."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

from tests.factories import UserFactory
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home):
    group = make_group("Open circle")
    member = UserFactory(roles=["Patient"])
    join(member, group)
    veteran = UserFactory(roles=["Patient"])
    join(veteran, group)
    topic = make_topic(group, poster=veteran, subject="Welcome", text="Say hello")
    return {"group": group, "forum": group.forum, "member": member, "topic": topic}


def _topic_url(world) -> str:
    forum = world["forum"]
    return reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])


def _reply_url(world) -> str:
    forum, topic = world["forum"], world["topic"]
    return reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )


# The attachment formset's management form, as the browser sends it.
NO_ATTACHMENTS = {
    "attachment-TOTAL_FORMS": "0",
    "attachment-INITIAL_FORMS": "0",
    "attachment-MIN_NUM_FORMS": "0",
    "attachment-MAX_NUM_FORMS": "15",
}


def _post(client, url: str, content: str, subject: str = "A subject"):
    purpose = "forums.topic" if url.endswith("/topic/create/") else "forums.reply"
    data = {"subject": subject, "content": content, **NO_ATTACHMENTS}
    return client.post(url, {**data, **form_token(client, purpose)})


def test_a_new_members_first_posts_are_held_for_a_moderator(client, world):
    """The first three posts are held; after three approved posts, posts go live."""
    client.force_login(world["member"])
    assert _post(client, _reply_url(world), "My first reply").status_code == 302
    held = Post.objects.get(poster=world["member"])
    assert held.approved is False
    Post.objects.filter(poster=world["member"]).update(approved=True)
    for index in range(2):
        Post.objects.create(
            topic=world["topic"],
            poster=world["member"],
            subject="x",
            content=f"ok {index}",
            approved=True,
        )
    assert _post(client, _reply_url(world), "Now trusted").status_code == 302
    assert Post.objects.get(content="Now trusted").approved is True


def test_held_posts_are_hidden_from_other_readers(client, world):
    """A held reply is not shown to other visitors until approved."""
    client.force_login(world["member"])
    _post(client, _reply_url(world), "Heldcanary reply")
    client.logout()
    forum, topic = world["forum"], world["topic"]
    url = reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk])
    assert b"Heldcanary" not in client.get(url).content


@pytest.mark.parametrize("path", ["topic", "reply"])
def test_too_many_links_is_a_form_error_that_keeps_the_text(client, world, path):
    """New members may include two links; a third is refused with the text kept."""
    client.force_login(world["member"])
    url = _topic_url(world) if path == "topic" else _reply_url(world)
    text = "See https://a.example https://b.example and https://c.example please"
    response = _post(client, url, text)
    assert response.status_code == 200
    assert b"at most 2" in response.content
    assert b"https://c.example please" in response.content
    assert not Post.objects.filter(poster=world["member"]).exists()


def test_new_members_start_at_most_three_topics_a_day(client, world):
    """The fourth topic in a day is refused with a clear message and the text kept."""
    client.force_login(world["member"])
    for index in range(3):
        assert (
            _post(client, _topic_url(world), f"Topic {index}", f"Subject {index}").status_code
            == 302
        )
    response = _post(client, _topic_url(world), "Fourth topic text", "Fourth")
    assert response.status_code == 200
    assert b"at most 3 new topics a day" in response.content
    assert b"Fourth topic text" in response.content
    assert Topic.objects.filter(poster=world["member"]).count() == 3


def test_new_members_post_at_most_ten_replies_a_day(client, world):
    """The eleventh reply in a day is refused."""
    client.force_login(world["member"])
    for index in range(10):
        assert _post(client, _reply_url(world), f"Reply {index}").status_code == 302
    response = _post(client, _reply_url(world), "Eleventh reply text")
    assert b"at most 10 replies a day" in response.content
    assert b"Eleventh reply text" in response.content


@pytest.mark.parametrize(
    ("content", "message"),
    [("> " * 40 + "deep", b"nested at most"), ("x" * 20_001, b"at most 20,000 characters")],
)
def test_pathological_posts_are_form_errors_not_500s(client, world, content, message):
    """Over-nested or over-long text gives a form error on every path."""
    client.force_login(world["member"])
    for url in (_topic_url(world), _reply_url(world)):
        response = _post(client, url, content)
        assert response.status_code == 200
        assert message in response.content


def test_editing_applies_the_content_rules(client, world):
    """The edit path refuses what the create path refuses."""
    client.force_login(world["member"])
    _post(client, _reply_url(world), "Original text")
    post = Post.objects.get(poster=world["member"])
    forum, topic = world["forum"], world["topic"]
    url = reverse(
        "forum_conversation:post_update",
        args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
    )
    response = _post(client, url, "> " * 40 + "deep")
    assert response.status_code == 200
    assert b"nested at most" in response.content
    post.refresh_from_db()
    assert str(post.content) == "Original text"
