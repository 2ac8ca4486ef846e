"""Sanctions: a warning is shown on the next visit; a silenced member reads but every write
path refuses with the reason and end date until the silence ends; a suspension closes the
groups; each is audited and lifts itself when it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post

from forums.models import GroupKind, MemberProfile, Membership
from forums.moderation.models import Report, Sanction, SanctionKind
from forums.moderation.services import ModerationError, member_sanction, post_report
from portal.audit.models import AuditEvent
from tests.forums.conftest import make_group
from tests.helpers import form_token
from tests.moderation.conftest import (
    NO_ATTACHMENTS,
    live_reply,
    reply_url,
    send,
    topic_create_url,
)

pytestmark = pytest.mark.django_db


def _silence(world, *, days: int = 3) -> Sanction:
    return member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.SILENCE,
        reason="Repeated medical advice after a warning.",
        duration=timedelta(days=days),
    )


def _write_attempts(world):
    """Every way a member writes in the groups, as (name, method, url, data)."""
    forum, topic = world["forum"], world["topic"]
    own = live_reply(world, poster=world["member"], text="my earlier post")
    theirs = live_reply(world, poster=world["other"], text="someone else's post")
    new_group = make_group("Another circle", kind=GroupKind.PUBLIC)
    post_data = {"subject": "s", "content": "silenced words", **NO_ATTACHMENTS}
    return [
        ("reply", reply_url(world), post_data),
        ("new topic", topic_create_url(world), post_data),
        (
            "edit",
            reverse(
                "forum_conversation:post_update",
                args=[forum.slug, forum.pk, topic.slug, topic.pk, own.pk],
            ),
            {**post_data, "update_reason": "x"},
        ),
        ("report", reverse("moderation_report", args=[theirs.pk]), {"category": "spam"}),
        ("join", reverse("group_join", args=[new_group.pk]), {"accept_guidelines": "on"}),
        ("profile", reverse("group_display_name"), {"display_name": "New Name Here"}),
    ]


def test_a_silenced_member_reads_but_every_write_path_refuses_clearly(client, world):
    sanction = _silence(world)
    attempts = _write_attempts(world)
    client.force_login(world["member"])
    forum, topic = world["forum"], world["topic"]
    topic_url = reverse(
        "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    assert client.get(topic_url).status_code == 200
    for name, url, data in attempts:
        response = client.post(url, data)
        assert response.status_code == 403, name
        html = response.content.decode()
        assert "read-only" in html, name
        assert "Repeated medical advice" in html, name
        assert str(sanction.ends_at.year) in html, name
        # The form pages themselves say so too, before the member writes anything.
        assert client.get(url).status_code == 403, name
    assert not Post.objects.filter(content="silenced words").exists()
    assert not Report.objects.exists()
    assert not Membership.objects.filter(user=world["member"], group__forum__name="Another circle")
    assert MemberProfile.objects.get(user=world["member"]).display_name != "New Name Here"


def test_services_refuse_a_silenced_member_too(world):
    """Defence in depth: the report service checks the sanction itself."""
    _silence(world)
    theirs = live_reply(world, poster=world["other"], text="post")
    with pytest.raises(ModerationError, match="read-only"):
        post_report(post=theirs, reporter=world["member"], category="spam")


def test_machinas_permissions_drop_writing_for_a_silenced_member(rf, world):
    from machina.apps.forum_permission.handler import PermissionHandler

    _silence(world)
    handler = PermissionHandler()
    assert handler.can_add_post(world["topic"], world["member"]) is False
    assert handler.can_add_topic(world["forum"], world["member"]) is False
    assert handler.can_add_post(world["topic"], world["other"]) is True


def test_the_silence_lifts_itself_when_it_ends(client, world):
    sanction = _silence(world, days=1)
    Sanction.objects.filter(pk=sanction.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(world["member"])
    response = send(client, reply_url(world), "back again")
    assert response.status_code == 302
    assert Post.objects.filter(content="back again", approved=True).exists()


def test_a_suspended_member_cannot_use_the_groups(client, world):
    member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.SUSPEND,
        reason="Harassment.",
        duration=None,
    )
    client.force_login(world["member"])
    response = client.get(reverse("forum:index"))
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert "until a moderator lifts it" in response.content.decode()


def test_a_warning_is_shown_on_the_next_visit_until_acknowledged(client, world):
    sanction = member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.WARN,
        reason="Please keep advice to your own experience.",
        duration=None,
    )
    client.force_login(world["member"])
    page = client.get(reverse("forum:index")).content.decode()
    assert "A warning from the moderators" in page
    assert "Please keep advice to your own experience." in page
    # A warning does not stop writing.
    assert send(client, reply_url(world), "my own experience").status_code == 302
    client.post(reverse("moderation_warning_ack", args=[sanction.pk]))
    assert (
        "A warning from the moderators" not in client.get(reverse("forum:index")).content.decode()
    )


@pytest.mark.parametrize(
    ("kind", "reason", "duration"),
    [
        ("ban-forever", "x", None),
        (SanctionKind.SILENCE, "   ", None),
        (SanctionKind.SILENCE, "x", timedelta(0)),
    ],
)
def test_bad_sanctions_are_refused(world, kind, reason, duration):
    with pytest.raises(ModerationError):
        member_sanction(
            member=world["member"],
            moderator=world["moderator"],
            kind=kind,
            reason=reason,
            duration=duration,
        )
    assert not Sanction.objects.exists()


def test_members_cannot_sanction_and_moderators_cannot_be_sanctioned(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        member_sanction(
            member=world["other"],
            moderator=world["member"],
            kind=SanctionKind.SILENCE,
            reason="x",
            duration=None,
        )
    with pytest.raises(ModerationError):
        member_sanction(
            member=world["moderator"],
            moderator=world["moderator"],
            kind=SanctionKind.SILENCE,
            reason="x",
            duration=None,
        )


def test_sanctions_and_lifting_are_audited_from_the_member_page(client, world):
    client.force_login(world["moderator"])
    url = reverse("moderation_member", args=[world["member"].pk])
    response = client.post(
        url,
        {
            "action": "sanction",
            "kind": "silence",
            "duration": "7",
            "reason": "Spam",
            **form_token(client, "moderation.member"),
        },
    )
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert sanction.ends_at - sanction.starts_at == timedelta(days=7)
    client.post(
        url, {"action": "lift", "sanction": sanction.pk, **form_token(client, "moderation.member")}
    )
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"moderation.sanction.silence", "moderation.sanction.lift"} <= actions


def test_join_and_profile_services_refuse_a_silenced_member(world):
    from django.core.exceptions import ValidationError

    from forums.services import group_join, member_display_name_set

    _silence(world)
    group = make_group("Third circle")
    with pytest.raises(ValidationError, match="read-only"):
        group_join(user=world["member"], group=group, accepted_guidelines_version=1)
    with pytest.raises(ValidationError, match="read-only"):
        member_display_name_set(user=world["member"], display_name="Quiet Reader")
