"""Anonymous page views create no session (no database write, no cookie, cacheable)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import UserFactory
from tests.forums.conftest import make_group, make_topic

pytestmark = pytest.mark.django_db


def test_anonymous_visits_create_no_session_anywhere(client, home):
    """Home, groups index, a group and a topic: no session row and no cookie."""
    group = make_group("Open circle")
    topic = make_topic(group, poster=UserFactory(), subject="Hello", text="Text")
    forum = group.forum
    urls = [
        "/",
        reverse("groups_index"),
        reverse("forum:forum", args=[forum.slug, forum.pk]),
        reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "sessionid" not in response.cookies, url
    assert Session.objects.count() == 0
