"""The crisis line and resources exist in Spanish too, behind the site safety settings: shown
by default with the English text, editable, and hidden when an editor clears them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.core.models import SiteSafetySettings
from tests.fixtures_site import make_home_page

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_crisis_line_in_spanish(client):
    make_home_page()
    content = client.get("/").content.decode()
    assert '<p lang="es">' in content and "marca 2" in content


def test_the_crisis_help_page_shows_the_spanish_resources(client):
    content = client.get(reverse("moderation_crisis_help")).content.decode()
    assert "AYUDA al 988" in content and 'lang="es"' in content


def test_an_editor_can_change_the_spanish_text(client):
    make_home_page()
    safety = SiteSafetySettings.load()
    safety.crisis_line_text_es = "Texto de prueba: llama al 988."
    safety.save()
    assert "Texto de prueba: llama al 988." in client.get("/").content.decode()


def test_a_cleared_spanish_text_is_not_shown(client):
    make_home_page()
    safety = SiteSafetySettings.load()
    safety.crisis_line_text_es = ""
    safety.crisis_resources_es = ""
    safety.save()
    assert 'lang="es"' not in client.get("/").content.decode()
