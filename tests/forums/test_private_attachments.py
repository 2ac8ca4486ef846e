"""Attachments live outside the public media root under random names, and only the
permission-checked view serves them: to the group's members, a 404 to anyone else."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment

from forums.models import GroupKind
from tests.factories import UserFactory
from tests.forums.conftest import join, make_group, make_topic

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% CANARY-ATTACHMENT-5521\n%%EOF\n"


@pytest.fixture
def world(home):
    group = make_group("Closed circle", GroupKind.PRIVATE)
    member = UserFactory(roles=["Patient"])
    join(member, group)
    topic = make_topic(group, poster=member, subject="Scan", text="My letter")
    attachment = Attachment.objects.create(
        post=topic.posts.get(),
        file=SimpleUploadedFile("Jane_Doe_MRI_results.pdf", PDF, "application/pdf"),
    )
    outsider = UserFactory(roles=["Patient"])
    join(outsider, make_group("Other circle", GroupKind.PRIVATE))
    return {"attachment": attachment, "member": member, "outsider": outsider}


def test_a_private_attachment_is_stored_outside_the_public_media_root(world):
    """The file is not under MEDIA_ROOT (nothing under /media/ can reach it) and has no URL."""
    path = Path(world["attachment"].file.path).resolve()
    assert path.read_bytes() == PDF
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.is_relative_to(Path(settings.PORTAL_PRIVATE_MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        world["attachment"].file.url  # noqa: B018


def test_the_stored_name_reveals_nothing(world):
    """Neither the member's file name nor its type appears in the stored name."""
    name = Path(world["attachment"].file.name).name
    assert "jane" not in name.lower() and "mri" not in name.lower()
    assert "." not in name and len(name) >= 32


def test_no_media_url_serves_the_file(client, world):
    """Under /media/, neither the stored name nor the uploaded name answers."""
    stored = world["attachment"].file.name
    for url in (
        f"/media/{stored}",
        f"/media/machina/attachments/{Path(stored).name}",
        "/media/machina/attachments/Jane_Doe_MRI_results.pdf",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 404, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"CANARY-ATTACHMENT" not in body


@pytest.mark.parametrize("viewer", ["anonymous", "patient", "outsider"])
def test_the_view_answers_404_to_anyone_outside_the_group(client, world, viewer):
    """Anonymous visitors, patients and members of other groups get a 404."""
    if viewer == "patient":
        client.force_login(UserFactory(roles=["Patient"]))
    elif viewer == "outsider":
        client.force_login(world["outsider"])
    url = reverse("forum_conversation:attachment", args=[world["attachment"].pk])
    assert client.get(url).status_code == 404


def test_the_view_streams_it_to_members_under_a_neutral_name(client, world):
    """A member gets the bytes, as a download named after nothing the member wrote."""
    client.force_login(world["member"])
    attachment = world["attachment"]
    response = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{attachment.pk}.pdf"'
    )


def test_production_can_hand_the_file_to_the_web_server(client, world, settings):
    """With an X-Accel-Redirect prefix set, the view sends the header and no body."""
    settings.PORTAL_PRIVATE_MEDIA_ACCEL_PREFIX = "/_private/"
    client.force_login(world["member"])
    attachment = world["attachment"]
    response = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert response["X-Accel-Redirect"] == f"/_private/{attachment.file.name}"
    assert response.content == b""
