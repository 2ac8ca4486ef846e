"""Attachments: accepted by content, size-capped, images stripped of metadata, downloaded
only through the permission-checked view."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Post
from PIL import Image

from forums.uploads import clean_upload
from tests.factories import UserFactory
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import form_token

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (16, 16), "red")
    exif = Image.Exif()
    exif[0x010F] = "DemoCamera"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def test_jpeg_location_and_camera_metadata_are_removed():
    """The stored image has no EXIF at all, GPS included, and still decodes."""
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    cleaned = clean_upload(SimpleUploadedFile("holiday.jpg", original, "image/jpeg"))
    stored = Image.open(io.BytesIO(cleaned.read()))
    assert stored.size == (16, 16)
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(GPS_IFD)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.png", b"<script>alert(1)</script>", "type"),
        ("report.pdf", b"MZ\x90\x00 executable", "type"),
        ("fake.jpg", b"\xff\xd8\xff but not really an image", "image"),
    ],
)
def test_files_are_judged_by_content_not_name(name, data, code):
    """A script named .png or an executable named .pdf is refused."""
    with pytest.raises(ValidationError) as error:
        clean_upload(SimpleUploadedFile(name, data, "image/png"))
    assert error.value.code == code


def test_pdf_keeps_its_bytes_and_gets_the_right_extension():
    """Documents are stored as sent, named by their real type."""
    cleaned = clean_upload(SimpleUploadedFile("notes.txt", b"%PDF-1.4 demo", "text/plain"))
    assert cleaned.name == "notes.pdf" and cleaned.read() == b"%PDF-1.4 demo"


def test_oversized_uploads_are_refused(settings):
    """The size cap holds with a clear message."""
    settings.PORTAL_GROUPS_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="can be at most 1 KB"):
        clean_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048, "application/pdf"))


def test_decompression_bombs_are_refused(settings, monkeypatch):
    """An image claiming enormous dimensions is refused, not decoded."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    output = io.BytesIO()
    Image.new("RGB", (64, 64)).save(output, format="PNG")
    with pytest.raises(ValidationError):
        clean_upload(SimpleUploadedFile("bomb.png", output.getvalue(), "image/png"))


@pytest.fixture
def world(home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTAL_GROUPS_ATTACHMENTS_ENABLED = True
    group = make_group("Open circle")
    member = UserFactory()
    join(member, group)
    topic = make_topic(group, poster=member, subject="Photos", text="Start")
    return {"group": group, "member": member, "topic": topic}


def _reply_with_file(client, world, upload):
    forum, topic = world["group"].forum, world["topic"]
    url = reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    data = {
        "subject": "Re: Photos",
        "content": "Here it is",
        "attachment-TOTAL_FORMS": "1",
        "attachment-INITIAL_FORMS": "0",
        "attachment-MIN_NUM_FORMS": "0",
        "attachment-MAX_NUM_FORMS": "15",
        "attachment-0-file": upload,
        "attachment-0-comment": "",
        **form_token(client, "forums.reply"),
    }
    return client.post(url, data)


def test_uploading_through_the_reply_form_strips_metadata(client, world):
    """The stored attachment of a real upload carries no GPS position."""
    client.force_login(world["member"])
    upload = SimpleUploadedFile("holiday.jpg", _jpeg_with_gps(), "image/jpeg")
    assert _reply_with_file(client, world, upload).status_code == 302
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as stored:
        assert not Image.open(stored).getexif()


def test_a_refused_upload_keeps_the_text_and_explains(client, world):
    """A disguised script is a form error; the reply text stays in the form."""
    client.force_login(world["member"])
    upload = SimpleUploadedFile("cat.png", b"<script>alert(1)</script>", "image/png")
    response = _reply_with_file(client, world, upload)
    assert response.status_code == 200
    assert b"Only PNG, JPEG or GIF images and PDF documents" in response.content
    assert b"Here it is" in response.content
    assert not Post.objects.filter(content="Here it is").exists()


def test_downloads_get_the_sniffed_type_and_always_download(client, world):
    """Content type from the bytes, never rendered inline, not cached by shared caches."""
    client.force_login(world["member"])
    _reply_with_file(client, world, SimpleUploadedFile("x.jpg", _jpeg_with_gps(), "image/jpeg"))
    attachment = Attachment.objects.get()
    response = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_with_attachments_off_the_forms_have_no_file_field_and_ignore_files(
    client, world, settings
):
    """Off (the default): no file input on the reply or new-topic form; a file sent anyway is
    not stored and the reply still posts."""
    settings.PORTAL_GROUPS_ATTACHMENTS_ENABLED = False
    client.force_login(world["member"])
    forum, topic = world["group"].forum, world["topic"]
    for url in (
        reverse(
            "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
        ),
        reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'type="file"' not in page and "Attachments" not in page
    upload = SimpleUploadedFile("holiday.jpg", _jpeg_with_gps(), "image/jpeg")
    assert _reply_with_file(client, world, upload).status_code == 302
    assert not Attachment.objects.exists()


def test_with_attachments_on_the_reply_form_offers_one_labelled_file_field(client, world):
    """On: one file input, labelled, with the accepted types and size in its help text."""
    client.force_login(world["member"])
    forum, topic = world["group"].forum, world["topic"]
    url = reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    page = client.get(url).content.decode()
    assert page.count('type="file"') == 1
    assert "PNG, JPEG or GIF images and PDF documents" in page
