"""Member counts on the groups index are the number of active members, whoever is looking."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forums.models import GroupKind, MembershipStatus
from forums.selectors import visible_groups
from tests.factories import UserFactory
from tests.forums.conftest import join, make_group

pytestmark = pytest.mark.django_db

MEMBERS = 8


def _group_with_members(name: str, kind: str = GroupKind.PUBLIC):
    group = make_group(name, kind)
    members = [UserFactory(roles=["Patient"]) for _ in range(MEMBERS)]
    for member in members:
        join(member, group)
    join(UserFactory(), group, status=MembershipStatus.LEFT)
    return group, members


@pytest.mark.parametrize("who", ["member", "outsider", "anonymous"])
def test_member_count_is_not_multiplied_by_the_viewers_memberships(home, who):
    """8 active members count 8 for a member (was 64), an outsider and an anonymous reader."""
    group, members = _group_with_members("Open circle")
    viewer = {
        "member": members[0],
        "outsider": UserFactory(roles=["Patient"]),
        "anonymous": AnonymousUser(),
    }[who]
    counts = {g.pk: g.member_count for g in visible_groups(user=viewer)}
    assert counts == {group.pk: MEMBERS}


def test_private_group_counts_for_its_member_and_stays_hidden_from_others(home):
    """A private group shows its true count to its member and does not exist for others."""
    group, members = _group_with_members("Quiet circle", GroupKind.PRIVATE)
    counts = {g.pk: g.member_count for g in visible_groups(user=members[3])}
    assert counts == {group.pk: MEMBERS}
    assert list(visible_groups(user=UserFactory())) == []


def test_the_index_page_shows_the_true_count_to_a_logged_in_member(client, home):
    """The page a member sees says "8 members"."""
    _group, members = _group_with_members("Open circle")
    client.force_login(members[0])
    response = client.get(reverse("groups_index"))
    assert f"{MEMBERS} members".encode() in response.content
    assert f"{MEMBERS * MEMBERS} members".encode() not in response.content
