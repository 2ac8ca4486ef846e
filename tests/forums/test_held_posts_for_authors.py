"""A post waiting for a moderator: one clear message, and its author (and the moderators)
can find it, marked "Waiting for a moderator"; nobody else ever sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

from forums.moderation.models import ItemKind
from forums.moderation.services import item_reject, post_hold
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.browser_steps import topic_url
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import form_token
from tests.moderation.conftest import NO_ATTACHMENTS

pytestmark = pytest.mark.django_db

HELD_REPLY = "Thank you, walking after dinner helps me too."
HELD_SUBJECT = "Morning readings higher than evening"


@pytest.fixture
def circle(home):
    group = make_group("Open circle")
    veteran = UserFactory(roles=["Patient"])
    join(veteran, group)
    topic = make_topic(group, poster=veteran, subject="Welcome", text="Say hello")
    newcomer = UserFactory(roles=["Patient"])  # no approved posts yet: held
    join(newcomer, group)
    other = UserFactory(roles=["Patient"])
    join(other, group)
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    return {"group": group, "topic": topic, "newcomer": newcomer, "other": other, "mod": moderator}


def _reply(client, circle, text: str = HELD_REPLY, **kwargs):
    forum, topic = circle["group"].forum, circle["topic"]
    url = reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    data = {"subject": "Re: Welcome", "content": text, **NO_ATTACHMENTS}
    data.update(form_token(client, "forums.reply"))
    return client.post(url, data, **kwargs)


def _shown_messages(response) -> list[str]:
    """The messages the page after the redirect displays."""
    return [str(message) for message in response.context["messages"]]


def _new_topic(client, circle):
    forum = circle["group"].forum
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    data = {"subject": HELD_SUBJECT, "content": "Does anyone else see this?", **NO_ATTACHMENTS}
    data.update(form_token(client, "forums.topic"))
    return client.post(url, data)


def test_a_held_reply_gives_one_clear_message_and_leads_to_the_post(client, circle):
    """No "posted successfully" and no "will be validated": one message saying it waits for a
    moderator, how long it usually takes and that a refusal is emailed; the author lands on it."""
    client.force_login(circle["newcomer"])
    response = _reply(client, circle, follow=True)
    post = Post.objects.get(content=HELD_REPLY)
    assert post.approved is False
    assert response.redirect_chain[0][0].endswith(f"?post={post.pk}#{post.pk}")
    texts = _shown_messages(response)
    assert len(texts) == 1, texts
    assert texts[0].startswith("Your post is waiting for a moderator.")
    assert "within 24 hours" in texts[0] and "email you the reason" in texts[0]
    assert "posted successfully" not in texts[0] and "validated" not in texts[0]


def test_the_review_time_in_the_message_comes_from_the_setting(client, circle, settings):
    """The promised time is the one configured, so it can be kept true."""
    settings.PORTAL_GROUPS_REVIEW_HOURS = 4
    client.force_login(circle["newcomer"])
    response = _reply(client, circle, follow=True)
    assert "within 4 hours" in _shown_messages(response)[0]


def test_a_held_reply_is_shown_only_to_its_author_and_moderators(client, circle):
    """Author and moderator see it marked "Waiting for a moderator"; another member and an
    anonymous reader see neither the text nor the mark."""
    client.force_login(circle["newcomer"])
    _reply(client, circle)
    url = topic_url(circle["topic"])
    for viewer in (circle["newcomer"], circle["mod"]):
        client.force_login(viewer)
        page = client.get(url).content.decode()
        assert HELD_REPLY in page and "Waiting for a moderator" in page
    author_page = _as(client, circle["newcomer"], url)
    assert "Only you and the moderators can see this post" in author_page
    for viewer in (circle["other"], None):
        page = _as(client, viewer, url)
        assert HELD_REPLY not in page and "Waiting for a moderator" not in page


def _as(client, user, url: str) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode()


def test_a_held_new_topic_is_findable_by_its_author_on_the_group_page(client, circle):
    """The group page lists it under "Your posts waiting for a moderator" for the author only;
    its page opens for the author and moderators and is a 404 for anyone else."""
    client.force_login(circle["newcomer"])
    response = _new_topic(client, circle)
    topic = Topic.objects.get(subject=HELD_SUBJECT)
    assert topic.approved is False
    assert response["Location"].startswith(topic_url(topic))
    forum = circle["group"].forum
    group_url = reverse("forum:forum", args=[forum.slug, forum.pk])
    mine = _as(client, circle["newcomer"], group_url)
    assert "Your posts waiting for a moderator" in mine and HELD_SUBJECT in mine
    for viewer in (circle["other"], None, circle["mod"]):
        page = _as(client, viewer, group_url)
        assert HELD_SUBJECT not in page and "Your posts waiting" not in page
    assert "Waiting for a moderator" in _as(client, circle["newcomer"], topic_url(topic))
    assert HELD_SUBJECT in _as(client, circle["mod"], topic_url(topic))
    for viewer in (circle["other"], None):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        assert client.get(topic_url(topic)).status_code == 404


def test_a_rejected_post_is_no_longer_shown_as_waiting(client, circle):
    """Once a moderator rejects it, the post is not shown as waiting, even to its author (the
    rejection email says why)."""
    client.force_login(circle["newcomer"])
    _reply(client, circle)
    post = Post.objects.get(content=HELD_REPLY)
    item = post.moderation_items.get()
    item_reject(item_id=item.pk, moderator=circle["mod"], reason="Off topic")
    page = _as(client, circle["newcomer"], topic_url(circle["topic"]))
    assert HELD_REPLY not in page and "Waiting for a moderator" not in page


def test_a_post_hidden_by_reports_is_not_shown_to_other_members(client, circle):
    """A published post held back (approved=False) is visible to nobody but its author and
    moderators while its item is open."""
    post = Post.objects.create(
        topic=circle["topic"], poster=circle["other"], subject="Re", content="Reported text"
    )
    Post.objects.filter(pk=post.pk).update(approved=False)
    post_hold(post=Post.objects.get(pk=post.pk), kind=ItemKind.WATCHED)
    assert "Reported text" not in _as(client, circle["newcomer"], topic_url(circle["topic"]))
    assert "Reported text" in _as(client, circle["other"], topic_url(circle["topic"]))
