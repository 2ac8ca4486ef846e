"""django-machina runs inside the portal: site shell, safe renderer, no haystack, pseudonyms."""

from __future__ import annotations

import sys

import pytest
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
from machina.conf import settings as machina_settings

from forums.models import MemberProfile
from tests.factories import UserFactory
from tests.fixtures_site import make_home_page
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _post(text: str, *, poster) -> Post:
    forum = Forum.objects.create(name="Demo group", type=Forum.FORUM_POST)
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject="Hello",
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )
    return Post.objects.create(topic=topic, poster=poster, subject="Hello", content=text)


def test_board_index_is_served_in_the_site_shell_without_inline_scripts(client):
    """Skip link, crisis line, no Bootstrap theme script, no inline <script>."""
    make_home_page()
    content = client.get(reverse("forum:index")).content.decode()
    assert '<a class="skip-link" href="#main">' in content
    assert 'href="tel:988"' in content
    assert "<script" not in content


def test_machina_search_is_switched_off_and_haystack_never_loads(client):
    """No haystack at run time: the search URL does not exist and the module is not imported."""
    make_home_page()
    client.get(reverse("forum:index"))
    assert client.get("/groups/search/").status_code == 404
    assert "haystack" not in sys.modules


def test_posts_are_rendered_by_the_portal_sanitiser():
    """machina stores the rendering of our safe renderer, so scripts never reach a page."""
    assert machina_settings.MARKUP_LANGUAGE[0] == "forums.rendering.render_member_text"
    post = _post("**Hi** <script>alert(1)</script> [x](javascript:alert(1))", poster=UserFactory())
    rendered = post.content.rendered
    assert "<strong>Hi</strong>" in rendered
    assert "<script" not in rendered and 'href="javascript' not in rendered
    assert "&lt;script&gt;" in rendered  # shown as text, not markup


def test_members_are_shown_by_pseudonym_never_email():
    """The forum display name is the member's chosen pseudonym, or a neutral fallback."""
    user = UserFactory(email="private.person@example.test")
    assert user.get_forum_display_name() == f"Member {user.pk}"
    MemberProfile.objects.create(user=user, display_name="HopefulHeron")
    user.refresh_from_db()
    assert user.get_forum_display_name() == "HopefulHeron"
    assert machina_settings.USER_DISPLAY_NAME_METHOD == "get_forum_display_name"


def test_board_index_query_count_is_constant(client):
    """More groups, same queries (machina caches permissions per request)."""
    make_home_page()
    for index in range(3):
        Forum.objects.create(name=f"Group {index}", type=Forum.FORUM_POST)
    small = count_queries(client, reverse("forum:index"))
    for index in range(3, 30):
        Forum.objects.create(name=f"Group {index}", type=Forum.FORUM_POST)
    assert count_queries(client, reverse("forum:index")) == small
