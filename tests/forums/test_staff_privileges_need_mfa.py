"""Issue 13.3: a staff role's view of every group needs MFA in the session. Without it a
moderator or administrator sees exactly what a patient sees: 404 on a private group's
pages, topics, post edit form, attachment and feed; the members-only wall elsewhere."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment

from forums.models import GroupKind
from portal.accounts.roles import Role
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.conftest import join, make_group, make_topic

pytestmark = pytest.mark.django_db

CANARY = "CANARY-STAFF-MFA-7731"
GROUP_ROLES = [Role.MODERATOR, Role.ADMINISTRATOR]


@pytest.fixture
def world(home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = UserFactory(roles=[Role.PATIENT])
    group = make_group("Hushed circle", GroupKind.PRIVATE)
    join(owner, group)
    topic = make_topic(group, poster=owner, subject=f"{CANARY} topic", text=f"{CANARY} text")
    post = topic.first_post
    attachment = Attachment(post=post, comment="")
    attachment.file.save("x.txt", ContentFile(f"{CANARY} file".encode()), save=True)
    forum = group.forum
    closed = make_group("Members circle", GroupKind.MEMBERS_ONLY)
    closed_topic = make_topic(closed, poster=owner, subject=f"{CANARY} mo", text=f"{CANARY} mo")
    urls = {
        "group": reverse("forum:forum", args=[forum.slug, forum.pk]),
        "topic": reverse(
            "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
        ),
        "member's edit form": reverse(
            "forum_conversation:post_update",
            args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
        ),
        "attachment": reverse("forum_conversation:attachment", args=[attachment.pk]),
        "feed": reverse("forum_feeds:forum_latest_topics", args=[forum.slug, forum.pk]),
    }
    members_only_topic = reverse(
        "forum_conversation:topic",
        args=[closed.forum.slug, closed.forum.pk, closed_topic.slug, closed_topic.pk],
    )
    return {"urls": urls, "members_only_topic": members_only_topic}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_patient_view(client, world) -> None:
    for name, url in world["urls"].items():
        response = client.get(url)
        assert response.status_code == 404, (name, response.status_code)
        assert CANARY.encode() not in _body(response), name
    closed = client.get(world["members_only_topic"])
    assert closed.status_code == 403
    assert CANARY.encode() not in closed.content
    for url in (reverse("forum:index"), reverse("forum_feeds:latest_topics")):
        content = client.get(url).content
        assert b"Hushed circle" not in content and b"CANARY-STAFF-MFA-7731 topic" not in content


@pytest.mark.parametrize("role", GROUP_ROLES)
def test_staff_without_an_authenticator_see_what_a_patient_sees(client, world, role):
    """Password only, no authenticator: no private group, topic, edit form, file or feed."""
    client.force_login(UserFactory(roles=[role]))
    _assert_patient_view(client, world)


@pytest.mark.parametrize("role", GROUP_ROLES)
def test_staff_whose_session_skipped_the_second_factor_see_what_a_patient_sees(client, world, role):
    """An authenticator exists, but this session authenticated with the password alone."""
    client.force_login_password_only(with_mfa(UserFactory(roles=[role])))
    _assert_patient_view(client, world)


def test_a_superuser_without_mfa_sees_what_a_patient_sees(client, world):
    """machina lets a superuser read everything: not before a second factor."""
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    _assert_patient_view(client, world)
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff  # the request never stored the pause


@pytest.mark.parametrize("role", GROUP_ROLES)
def test_staff_with_mfa_in_the_session_read_and_moderate_every_group(client, world, role):
    """After the MFA step, the same URLs are served, the post edit form included."""
    client.force_login(with_mfa(UserFactory(roles=[role])))
    for name, url in world["urls"].items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert CANARY.encode() in _body(response), name
    assert client.get(world["members_only_topic"]).status_code == 200
