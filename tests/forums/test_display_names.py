"""Display names: pseudonyms only, never contact details, never a staff look-alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from forums.display_names import skeleton, validate_display_name
from forums.services import member_display_name_set
from physicians.factories import PhysicianProfilePageFactory
from portal.audit.models import AuditEvent
from tests.factories import UserFactory

PROTECTED = ["Maria Moderator-Smith", "Dr Phyllis Example", "Ada Lovelace"]


@pytest.mark.parametrize(
    "name",
    ["HopefulHeron", "Sam from Ohio", "Tired but trying", "Rosa_2024", "Müller Fan"],
)
def test_ordinary_pseudonyms_are_accepted(name):
    """Everyday pseudonyms pass."""
    assert validate_display_name(name, protected_names=PROTECTED)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("jane.doe@example.com", "email"),
        ("jane at example dot com", "email"),
        ("me@home", "email"),
        ("call 555 123 4567", "phone"),
        ("+1 (555) 123-4567", "phone"),
        ("Ana 07700900123", "phone"),
        ("Admin", "reserved"),
        ("Moderator Team", "reserved"),
        ("Dr.", "reserved"),
        ("Ada Lovelace", "impersonation"),
        ("ada  LOVELACE", "impersonation"),
        ("Ada Lоvelace", "impersonation"),  # Cyrillic o
        ("Ada L0velace", "impersonation"),  # zero for o
        ("A\u200bda Lovelace", "impersonation"),  # zero-width space
        ("Ａｄａ Ｌｏｖｅｌａｃｅ", "impersonation"),  # fullwidth
        ("Dr Phyllis Exarnple", "impersonation"),  # rn for m
        ("DrPhyllisExample", "impersonation"),
        ("ab", "length"),
        ("x" * 41, "length"),
        ("!!! ???", "letters"),
    ],
)
def test_contact_details_roles_and_look_alikes_are_refused(name, code):
    """Each refusal says what is wrong."""
    with pytest.raises(ValidationError) as error:
        validate_display_name(name, protected_names=PROTECTED)
    assert error.value.code == code


def test_skeleton_maps_look_alikes_together():
    """Case, spacing, invisible characters, Cyrillic and digit swaps collapse."""
    assert skeleton("Ada Lovelace") == skeleton("ADA L0VELACE") == skeleton("Аda Lоvеlаcе")


@pytest.mark.django_db
def test_members_cannot_imitate_real_staff_or_physicians(site_pages):
    """Names of staff accounts and physician profiles are protected, from the database."""
    UserFactory(first_name="Connie", last_name="Compliance", roles=["Compliance reviewer"])
    PhysicianProfilePageFactory(parent=site_pages["directory"], title="Dr Ingrid Placeholder")
    member = UserFactory(roles=["Patient"])
    for name in ("Connie Compliance", "Ingrid Placeholder", "lngrid Placeholder"):
        with pytest.raises(ValidationError):
            member_display_name_set(user=member, display_name=name)
    profile = member_display_name_set(user=member, display_name="Quiet Otter")
    assert profile.display_name == "Quiet Otter"
    assert AuditEvent.objects.filter(action="groups.display_name_set", actor=member).count() == 1


@pytest.mark.django_db
def test_taken_names_and_their_look_alikes_are_refused():
    """Two members cannot share a name, even by swapping look-alike characters."""
    member_display_name_set(user=UserFactory(), display_name="Quiet Otter")
    with pytest.raises(ValidationError, match="taken"):
        member_display_name_set(user=UserFactory(), display_name="QUIET 0tter")


@pytest.mark.django_db
def test_member_chooses_a_name_on_the_page_and_errors_keep_the_input(client):
    """A refused name is a form error with the text still in the field; a good one saves."""
    from django.urls import reverse

    from forums.models import MemberProfile
    from tests.fixtures_site import make_home_page

    make_home_page()
    url = reverse("group_display_name")
    assert client.get(url).status_code == 302  # login required
    member = UserFactory(roles=["Patient"])
    client.force_login(member)
    refused = client.post(url, {"display_name": "call me 555 123 4567"})
    assert refused.status_code == 400
    assert b"cannot contain a phone number" in refused.content
    assert b'value="call me 555 123 4567"' in refused.content
    assert client.post(url, {"display_name": "Quiet Otter"}).status_code == 302
    assert MemberProfile.objects.get(user=member).display_name == "Quiet Otter"
