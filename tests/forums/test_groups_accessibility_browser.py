"""axe-core scans of the support-group pages a member uses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser_helpers import assert_no_serious_axe_violations, log_in, reset_rate_limits
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.forums.conftest import join, make_group, make_topic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_group_pages_have_no_serious_axe_violations(page, home, live_server):
    """Groups index, a group, a topic and the join form: no serious or critical violations."""
    group = make_group("Open circle")
    author = UserFactory()
    join(author, group)
    topic = make_topic(group, poster=author, subject="Hello", text="**Welcome** to the group")
    forum = group.forum
    urls = {
        "groups index": reverse("groups_index"),
        "group": reverse("forum:forum", args=[forum.slug, forum.pk]),
        "topic": reverse(
            "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
        ),
    }
    failures = _scan(page, urls)
    reset_rate_limits()
    newcomer = UserFactory(roles=["Patient"])
    log_in(page, email=newcomer.email, password=DEFAULT_PASSWORD)
    failures += _scan(page, {"join form": reverse("group_join", args=[group.pk])})
    assert not failures, "\n\n".join(failures)


def _scan(page, urls: dict[str, str]) -> list[str]:
    failures = []
    for name, url in urls.items():
        page.goto(url)
        try:
            assert_no_serious_axe_violations(page)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    return failures
