"""Publishing without a reference, or an image block without alt text, is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from education.blocks import EducationBodyBlock
from education.factories import EducationPageFactory

pytestmark = pytest.mark.django_db


def test_page_without_references_is_refused_with_a_clear_message(library):
    """No reference, no publication: the message names the field and the reason."""
    page = EducationPageFactory.build(references=[])
    with pytest.raises(ValidationError) as error:
        library.add_child(instance=page)
    assert "Add at least one reference" in str(error.value.message_dict["references"])


def test_editor_gets_the_reference_error_as_a_form_error(client, library, editor):
    """Through the admin, the refusal is a form error and the typed title is kept."""
    from django.urls import reverse

    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["education", "educationpage", library.pk])
    response = client.post(
        url,
        {
            "title": "Kept title",
            "slug": "kept-title",
            "summary": "A summary.",
            "body-count": "0",
            "references-count": "0",
            "related_links-TOTAL_FORMS": "0",
            "related_links-INITIAL_FORMS": "0",
            "review_interval_months": "12",
            "action-submit": "1",
        },
    )
    assert response.status_code == 200
    assert b"Add at least one reference" in response.content
    assert b'value="Kept title"' in response.content


def test_image_block_without_alt_text_is_refused():
    """The education body refuses an image without alt text (unless decorative)."""
    image = Image.objects.create(title="x", file=get_test_image_file())
    stream = EducationBodyBlock()
    value = stream.to_python([{"type": "image", "value": {"image": image.pk, "alt_text": ""}}])
    with pytest.raises(ValidationError):
        stream.clean(value)
