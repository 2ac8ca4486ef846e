"""A social post composed once and sent twice, or by racing requests, is one draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.core.submissions import FIELD, REFUSED_MESSAGE
from syndication.models import SyndicationPost
from tests.helpers import assert_no_server_errors, post_together, racing_clients, rendered_token


def _compose(client, page, mastodon, text: str) -> tuple[str, dict]:
    url = reverse("syndication_compose", args=[page.pk])
    token = rendered_token(client.get(url).content.decode())
    return url, {f"use_{mastodon.pk}": "on", f"text_{mastodon.pk}": text, **token}


def test_a_compose_form_sent_twice_makes_one_draft(client, vetted_page, editor, mastodon):
    client.force_login(editor)
    url, data = _compose(client, vetted_page, mastodon, "Asthma triggers explained.")
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert SyndicationPost.objects.count() == 1


def test_a_compose_form_with_a_forged_token_keeps_the_text(client, vetted_page, editor, mastodon):
    client.force_login(editor)
    url, data = _compose(client, vetted_page, mastodon, "Typed with care.")
    response = client.post(url, {**data, FIELD: "forged"})
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED_MESSAGE.split(",")[0] in html
    assert "Typed with care." in html
    assert rendered_token(html)[FIELD] != "forged"
    assert not SyndicationPost.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_compose_submits_make_one_draft(client_factory, vetted_page, editor, mastodon):
    clients = racing_clients(client_factory, editor, 10)
    url, data = _compose(clients[0], vetted_page, mastodon, "Racing draft.")
    results = post_together(clients, url, data)
    assert_no_server_errors(results)
    assert SyndicationPost.objects.count() == 1
