"""The peer-mentor role has one name everywhere people see it: "Peer mentor"."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from forums.selectors import member_badges
from portal.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

rename = importlib.import_module("portal.accounts.migrations.0005_peer_mentor_name")


def test_every_role_is_stored_under_the_name_people_see():
    """Group names equal the labels; no "Mentor" group is left after migrating."""
    assert all(role.value == role.label for role in Role)
    assert Group.objects.filter(name="Peer mentor").exists()
    assert not Group.objects.filter(name="Mentor").exists()


def test_the_migration_moves_members_of_an_old_mentor_group():
    """Members of a left-over "Mentor" group become peer mentors (and keep their badge)."""
    old = Group.objects.create(name="Mentor")
    volunteer = UserFactory()
    volunteer.groups.add(old)
    rename.forwards(apps, None)
    assert not Group.objects.filter(name="Mentor").exists()
    assert volunteer.groups.filter(name=Role.MENTOR).exists()
    assert "mentor" in member_badges(user_ids=[volunteer.pk])[volunteer.pk]
