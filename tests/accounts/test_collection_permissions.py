"""Images and documents follow the README's matrix: Wagtail honours only collection
permissions, which the roles grant on the root collection (and ``roles sync`` restores)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.models import GroupCollectionPermission

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db

IMAGES = {Role.PHYSICIAN, Role.EDITOR, Role.ADMINISTRATOR}
DOCUMENTS = {Role.EDITOR, Role.ADMINISTRATOR}


def _user(role: str):
    return with_mfa(UserFactory(roles=[role]))


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("synthetic.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("role", Role.values)
def test_each_role_may_add_and_choose_images_and_documents_as_the_readme_says(role):
    """Physician, Editor, Administrator: images; Editor, Administrator: documents; no one else."""
    user = _user(role)
    for action in ("add", "choose"):
        assert image_policy.user_has_permission(user, action) is (role in IMAGES)
        assert document_policy.user_has_permission(user, action) is (role in DOCUMENTS)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COMPLIANCE_REVIEWER])
def test_staff_without_the_right_cannot_upload_an_image(client, role):
    """The upload screen and the upload itself are refused; nothing is stored."""
    client.force_login(_user(role))
    assert_denied(client.get(reverse("wagtailimages:add_multiple")))
    response = client.post(reverse("wagtailimages:add"), {"title": "x", "file": _png()})
    assert_denied(response)
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("role", sorted(IMAGES))
def test_roles_with_the_right_upload_an_image(client, role):
    """The single-image upload form stores the image, owned by the uploader."""
    user = _user(role)
    client.force_login(user)
    data = {"title": "Synthetic image", "file": _png(), "collection": "1", "tags": ""}
    response = client.post(reverse("wagtailimages:add"), data)
    assert response.status_code == 302, response.content[:1000]
    assert get_image_model().objects.get().uploaded_by_user == user


def test_roles_sync_restores_missing_collection_permissions_and_is_audited():
    """`manage.py roles sync` re-grants from portal/accounts/roles.py; running it twice is fine."""
    GroupCollectionPermission.objects.all().delete()
    editor = _user(Role.EDITOR)
    assert not image_policy.user_has_permission(editor, "add")
    call_command("roles", "sync")
    call_command("roles", "sync")
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached per instance
    assert image_policy.user_has_permission(editor, "add")
    assert document_policy.user_has_permission(editor, "add")
    assert AuditEvent.objects.filter(action="accounts.roles_synced").count() == 2
