"""Member profiles and their post lists show only what the viewer may read: no held or
rejected posts (except one's own held posts, marked), no private-group posts or counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.models import GroupKind
from forums.moderation.models import ItemKind
from forums.moderation.services import item_reject, post_hold
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.conftest import join, make_group, make_topic

pytestmark = pytest.mark.django_db

CANARIES = {
    "held": "CANARY-HELD-7731",
    "rejected": "CANARY-REJECTED-4402",
    "private": "CANARY-PRIVATE-9150",
}


@pytest.fixture
def world(home):
    public, private, other = (
        make_group("Open circle"),
        make_group("Closed circle", GroupKind.PRIVATE),
        make_group("Other circle", GroupKind.PRIVATE),
    )
    author = UserFactory(roles=["Patient"])
    join(author, public)
    join(author, private)
    topic = make_topic(public, poster=author, subject="Intro", text="Hello everyone")
    held = Post.objects.create(
        topic=topic, poster=author, subject=CANARIES["held"], content=CANARIES["held"]
    )
    held.approved = False
    held.save()
    post_hold(post=held, kind=ItemKind.PHI, findings={})
    rejected = Post.objects.create(
        topic=topic, poster=author, subject=CANARIES["rejected"], content=CANARIES["rejected"]
    )
    item = post_hold(post=rejected, kind=ItemKind.WATCHED, findings={})
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    item_reject(item_id=item.pk, moderator=moderator, reason="Off topic")
    private_topic = make_topic(
        private, poster=author, subject=CANARIES["private"], text=CANARIES["private"]
    )
    outsider = UserFactory(roles=["Patient"])
    join(outsider, other)
    return {
        "author": author,
        "outsider": outsider,
        "patient": UserFactory(roles=["Patient"]),
        "public": public,
        "private": private,
        "topic": topic,
        "private_topic": private_topic,
    }


def _pages(client, author) -> str:
    urls = [
        reverse("forum_member:profile", args=[author.pk]),
        reverse("forum_member:user_posts", args=[author.pk]),
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    return "\n".join(pages)


@pytest.mark.parametrize("viewer", ["anonymous", "patient", "outsider"])
def test_profile_pages_hide_held_rejected_and_private_posts(client, world, viewer):
    """Anonymous visitors, patients and members of other groups see only published posts of
    groups they may read."""
    if viewer != "anonymous":
        client.force_login(world[viewer])
    page = _pages(client, world["author"])
    assert "Hello everyone" in page
    for canary in CANARIES.values():
        assert canary not in page, canary


def test_the_author_sees_their_held_post_marked_but_not_rejected_ones(client, world):
    """The author sees their own held post, marked as waiting; rejected posts stay hidden."""
    client.force_login(world["author"])
    page = _pages(client, world["author"])
    assert CANARIES["held"] in page and "Waiting for a moderator" in page
    assert CANARIES["rejected"] not in page
    assert CANARIES["private"] in page  # their own group


@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
def test_profile_counts_leave_out_private_and_unpublished_posts(client, world, viewer):
    """The post and topic counts shown count only published posts the viewer may read."""
    if viewer != "anonymous":
        client.force_login(world[viewer])
    response = client.get(reverse("forum_member:profile", args=[world["author"].pk]))
    assert response.context["profile"].posts_count == 1
    assert response.context["topics_count"] == 1


def _other_lists(client, world) -> str:
    """The topic page, group pages and feeds, as this client sees them (404s included)."""
    public, topic = world["public"].forum, world["topic"]
    private, private_topic = world["private"].forum, world["private_topic"]
    urls = [
        reverse("forum:index"),
        reverse("forum:forum", args=[public.slug, public.pk]),
        reverse("forum:forum", args=[private.slug, private.pk]),
        reverse("forum_conversation:topic", args=[public.slug, public.pk, topic.slug, topic.pk]),
        reverse(
            "forum_conversation:topic",
            args=[private.slug, private.pk, private_topic.slug, private_topic.pk],
        ),
        reverse("forum_feeds:latest_topics"),
        reverse("forum_feeds:forum_latest_topics", args=[private.slug, private.pk]),
    ]
    return "\n".join(client.get(url, follow=True).content.decode() for url in urls)


@pytest.mark.parametrize("viewer", ["anonymous", "patient", "outsider"])
def test_topic_group_and_feed_lists_hide_the_same_canaries(client, world, viewer):
    """The other post lists (group index, group page, topic page, feeds) leak none of them."""
    if viewer != "anonymous":
        client.force_login(world[viewer])
    page = _other_lists(client, world)
    assert "Hello everyone" in page
    for canary in CANARIES.values():
        assert canary not in page, canary
