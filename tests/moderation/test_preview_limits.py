"""Previews are rate-limited with a clear 429 page, and over-long posts are refused with a
form error before any screening runs."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.moderation.conftest import NO_ATTACHMENTS, reply_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _preview(client, world, content: str):
    data = {"subject": "Re", "content": content, "preview": "Preview", **NO_ATTACHMENTS}
    return client.post(reply_url(world), data)


@override_settings(PORTAL_GROUPS_PREVIEWS_PER_MINUTE=3)
def test_previews_over_the_limit_get_a_clear_429_page(client, world):
    """Three previews a minute work; the fourth is a 429 page that says what happened."""
    client.force_login(world["member"])
    for _ in range(3):
        assert _preview(client, world, "Thinking of you all").status_code == 200
    response = _preview(client, world, "Thinking of you all")
    assert response.status_code == 429
    assert "Too many previews" in response.content.decode()
    assert "Back button" in response.content.decode()


@override_settings(PORTAL_GROUPS_PREVIEWS_PER_MINUTE=1)
def test_the_preview_limit_is_per_member(client, world):
    """One member's previews do not use up another's."""
    client.force_login(world["member"])
    assert _preview(client, world, "Hello").status_code == 200
    client.force_login(world["other"])
    assert _preview(client, world, "Hello").status_code == 200


def test_a_100k_character_post_is_a_form_error_and_is_never_screened(client, world, monkeypatch):
    """A worst-case 100,000-character word is refused with a clear message, text kept."""
    from forums.forum_conversation import forms

    def must_not_screen(text):
        raise AssertionError("screened an over-long post")

    monkeypatch.setattr(forms, "screen_member_text", must_not_screen)
    client.force_login(world["member"])
    text = "a" * 100_000
    response = _preview(client, world, text)
    assert response.status_code == 200
    errors = response.context["post_form"].errors["content"]
    assert any("at most 20,000 characters" in error for error in errors)
