"""Moderators read the kind of personal information found in words ("NHS number"), in the
queue and on the item page, never a detector's name or a wrong kind."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.moderation.models import ModerationItem
from tests.moderation.conftest import reply_url, send

pytestmark = pytest.mark.django_db

NHS_POST = "The letter says my NHS number is 943 476 5919, is that normal?"


def _held(client, world, text):
    client.force_login(world["member"])
    send(client, reply_url(world), text, post_anyway="on")
    return ModerationItem.objects.get(post=Post.objects.get(content=text))


def test_the_queue_names_the_kind_of_personal_information(client, world):
    """An NHS number sent anyway shows as "NHS number" in the queue, not as a phone."""
    item = _held(client, world, NHS_POST)
    assert [m["kind"] for m in item.findings["phi"]] == ["nhs_number"]
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_queue")).content.decode()
    assert '<span class="phi-kinds">NHS number</span>' in html
    assert "Phone number" not in html


def test_the_item_page_labels_each_match_by_kind(client, world):
    """Each match on the item page carries its human label."""
    item = _held(client, world, NHS_POST + " Email me: jo dot bloggs at example dot com")
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "<mark>NHS number</mark>" in html
    assert "<mark>Email address</mark>" in html
    assert "nhs_number" not in html
