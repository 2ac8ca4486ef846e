"""Joining, leaving, guidelines, private join requests, and the groups index."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forums.models import CommunityGuidelines, GroupKind, Membership, MembershipStatus
from forums.services import group_join, guidelines_accept, membership_decide
from portal.audit.models import AuditEvent
from tests.factories import ConditionFactory, UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import count_queries, form_token

pytestmark = pytest.mark.django_db


def _join_data(version: int = 1, name: str = "Quiet Otter", accept: bool = True) -> dict:
    data = {"display_name": name, "guidelines_version": version}
    if accept:
        data["accept_guidelines"] = "on"
    return data


def test_joining_a_public_group_needs_the_guidelines_and_a_pseudonym(client, home):
    """Without accepting: a form error and the typed name kept. With: an active member."""
    group = make_group("Open circle")
    member = UserFactory(roles=["Patient"])
    client.force_login(member)
    url = reverse("group_join", args=[group.pk])
    refused = client.post(url, {**_join_data(accept=False), **form_token(client, "forums.join")})
    assert refused.status_code == 400
    assert b"accept the community guidelines" in refused.content
    assert b'value="Quiet Otter"' in refused.content
    assert not Membership.objects.exists()
    assert (
        client.post(url, {**_join_data(), **form_token(client, "forums.join")}).status_code == 302
    )
    assert Membership.objects.get(user=member, group=group).status == MembershipStatus.ACTIVE
    assert member.get_forum_display_name() == "Quiet Otter"
    assert AuditEvent.objects.filter(action="groups.joined", actor=member).count() == 1


def test_a_bad_display_name_is_refused_on_the_join_form(client, home):
    """The join form applies the display-name rules and keeps the input."""
    group = make_group("Open circle")
    client.force_login(UserFactory(roles=["Patient"]))
    response = client.post(
        reverse("group_join", args=[group.pk]),
        {**_join_data(name="me@x.org"), **form_token(client, "forums.join")},
    )
    assert response.status_code == 400
    assert b"cannot contain an email address" in response.content
    assert not Membership.objects.exists()


def test_private_groups_are_joined_by_invitation_and_approved_by_moderators(client, home):
    """The invitation link creates a request; a moderator admits the member."""
    group = make_group("Quiet circle", GroupKind.PRIVATE)
    member = UserFactory(roles=["Patient"])
    client.force_login(member)
    assert client.get(reverse("group_join", args=[group.pk])).status_code == 404
    url = reverse("group_join_private", args=[group.invite_token])
    assert (
        client.post(url, {**_join_data(), **form_token(client, "forums.join")}).status_code == 302
    )
    membership = Membership.objects.get(user=member)
    assert membership.status == MembershipStatus.PENDING
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    with pytest.raises(ValidationError):
        membership_decide(membership=membership, approve=True, actor=member)
    membership_decide(membership=membership, approve=True, actor=moderator)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert AuditEvent.objects.filter(action="groups.join_approved", actor=moderator).exists()


def test_moderators_decide_requests_on_their_screen(client, home):
    """The requests screen lists pending requests; others get a 404."""

    group = make_group("Quiet circle", GroupKind.PRIVATE)
    pending = join(UserFactory(), group, MembershipStatus.PENDING)
    client.force_login(UserFactory(roles=["Patient"]))
    assert client.get(reverse("group_join_requests")).status_code == 404
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    client.force_login(moderator)
    assert b"Quiet circle" in client.get(reverse("group_join_requests")).content
    url = reverse("group_join_request_decide", args=[pending.pk])
    client.post(url, {"decision": "decline"})
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.LEFT


def test_a_new_guidelines_version_must_be_accepted_before_the_next_post(client, home):
    """Members keep reading, cannot post until they accept the new version."""
    group = make_group("Open circle")
    member = UserFactory(roles=["Patient"])
    join(member, group)
    forum = group.forum
    create_url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    client.force_login(member)
    assert client.get(create_url).status_code == 200
    CommunityGuidelines.objects.create(version=2, body="Updated guidelines.")
    assert client.get(create_url).status_code == 403
    assert client.get(reverse("forum:forum", args=[forum.slug, forum.pk])).status_code == 200
    response = client.post(
        reverse("group_guidelines"), {"guidelines_version": 2, "accept_guidelines": "on"}
    )
    assert response.status_code == 302
    assert client.get(create_url).status_code == 200


def test_accepting_an_old_version_is_refused():
    """Only the current version can be accepted."""
    member = UserFactory()
    group = make_group("Open circle")
    join(member, group)
    CommunityGuidelines.objects.create(version=2, body="Updated.")
    with pytest.raises(ValidationError):
        guidelines_accept(user=member, version=1)
    with pytest.raises(ValidationError):
        group_join(user=member, group=group, accepted_guidelines_version=1)


def test_leaving_a_group_removes_posting_rights(client, home):
    """After leaving, the member can no longer start topics."""
    group = make_group("Open circle")
    member = UserFactory()
    join(member, group)
    client.force_login(member)
    client.post(reverse("group_leave", args=[group.pk]))
    forum = group.forum
    create_url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    assert client.get(create_url).status_code == 403
    assert Membership.objects.get(user=member).status == MembershipStatus.LEFT


def test_index_shows_descriptions_counts_and_activity_but_hides_private_groups(client, home):
    """Public and members-only groups are listed with member counts; private ones are not,
    except to their members."""
    public = make_group("Open circle")
    make_group("Members circle", GroupKind.MEMBERS_ONLY)
    private = make_group("Quiet circle", GroupKind.PRIVATE)
    for _ in range(3):
        join(UserFactory(), public)
    content = client.get(reverse("groups_index")).content.decode()
    assert "Open circle" in content and "Members circle" in content
    assert "3 members" in content and "About Open circle" in content
    assert "Quiet circle" not in content
    member = UserFactory()
    join(member, private)
    client.force_login(member)
    assert "Quiet circle" in client.get(reverse("groups_index")).content.decode()


def test_groups_index_query_count_is_constant(client, home):
    """Ten times more groups and members: the same number of queries."""
    for index in range(3):
        join(UserFactory(), make_group(f"Group {index}"))
    small = count_queries(client, reverse("groups_index"))
    for index in range(3, 30):
        join(UserFactory(), make_group(f"Group {index}"))
    assert count_queries(client, reverse("groups_index")) == small


def test_condition_hub_and_group_link_to_each_other(client, home):
    """A group's condition hub lists it, and the group page links to the hub."""
    condition = ConditionFactory(name="Asthma", slug="asthma")
    group = make_group("Asthma circle")
    group.condition = condition
    group.save()
    hub = client.get(condition.get_absolute_url()).content.decode()
    forum = group.forum
    assert reverse("forum:forum", args=[forum.slug, forum.pk]) in hub
    page = client.get(reverse("forum:forum", args=[forum.slug, forum.pk])).content.decode()
    assert condition.get_absolute_url() in page


def test_members_only_and_private_group_pages_carry_noindex(client, home):
    """Search engines are asked not to index non-public groups."""
    group = make_group("Members circle", GroupKind.MEMBERS_ONLY)
    member = UserFactory()
    join(member, group)
    make_topic(group, poster=member, subject="Hi", text="Hello")
    client.force_login(member)
    forum = group.forum
    page = client.get(reverse("forum:forum", args=[forum.slug, forum.pk])).content
    assert b'<meta name="robots" content="noindex">' in page


def test_moderators_anonymise_a_display_name_with_a_reason(client, home):
    """The pseudonym becomes neutral, the reason is audited; members cannot do it."""

    from forums.models import MemberProfile

    member = UserFactory()
    join(member, make_group("Open circle"))
    MemberProfile.objects.filter(user=member).update(display_name="Rosa Lindqvist")
    url = reverse("group_anonymise_member", args=[member.pk])
    client.force_login(UserFactory(roles=["Patient"]))
    assert client.post(url, {"reason": "x"}).status_code == 404
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    client.force_login(moderator)
    client.post(url, {"reason": ""})
    member.refresh_from_db()
    assert member.get_forum_display_name() == "Rosa Lindqvist"
    assert not AuditEvent.objects.filter(action="groups.display_name_anonymised").exists()
    client.post(url, {"reason": "Name matched their real surname"})
    member.refresh_from_db()
    assert member.get_forum_display_name() == f"Member {member.pk}"
    event = AuditEvent.objects.get(action="groups.display_name_anonymised")
    assert event.actor == moderator and "surname" in event.data["reason"]
