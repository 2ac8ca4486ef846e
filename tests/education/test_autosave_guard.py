"""The page editor loads the script that holds a footer action until autosave has landed."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import reverse

from tests.education.conftest import draft_page

GUARD = static("js/editor_autosave_guard.js")


def test_add_page_form_loads_the_autosave_guard(client, library, editor):
    """The "Add page" form (where autosave creates the page) includes the guard script."""
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["education", "educationpage", library.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert GUARD in response.content.decode()


def test_edit_form_loads_the_autosave_guard(client, library, editor):
    """The edit form includes it too (later autosaves post there while a footer action may)."""
    page = draft_page(library, editor, title="Guarded page")
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert GUARD in response.content.decode()
