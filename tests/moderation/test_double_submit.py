"""A report or a moderator's action sent twice (a double click, racing requests) takes
effect once; without a genuine form token nothing is done and the moderator is told."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from forums.moderation.models import ItemKind, ModeratorNote, Redaction, Report, Sanction
from forums.moderation.services import post_hold
from portal.core.submissions import FIELD, REFUSED_MESSAGE, REPEAT_MESSAGE
from tests.helpers import assert_no_server_errors, post_together, racing_clients, rendered_token
from tests.moderation.conftest import live_reply, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home):
    return make_world()


def _report(client, post) -> tuple[str, dict]:
    url = reverse("moderation_report", args=[post.pk])
    token = rendered_token(client.get(url).content.decode())
    return url, {"category": "spam", "note": "Advert", **token}


def _held_item(world, text: str = "Call me on 555 0100"):
    return post_hold(post=live_reply(world, poster=world["member"], text=text), kind=ItemKind.PHI)


def _item_form_token(client, item) -> dict:
    """The first one-time token on the item page (every form there carries one)."""
    return rendered_token(client.get(reverse("moderation_item", args=[item.pk])).content.decode())


def test_a_report_sent_twice_is_recorded_once_and_answered_alike(client, world):
    post = live_reply(world, poster=world["member"], text="Buy my pills")
    client.force_login(world["other"])
    url, data = _report(client, post)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert REPEAT_MESSAGE in second.content.decode().replace("&#x27;", "'")
    assert Report.objects.filter(post=post).count() == 1


def test_a_report_with_a_forged_token_keeps_the_note(client, world):
    post = live_reply(world, poster=world["member"], text="Buy my pills")
    client.force_login(world["other"])
    url, data = _report(client, post)
    response = client.post(url, {**data, FIELD: "forged"})
    assert response.status_code == 400
    html = response.content.decode()
    assert REFUSED_MESSAGE.split(",")[0] in html and "Advert" in html
    assert rendered_token(html)[FIELD] != "forged"
    assert not Report.objects.exists()


def test_a_rejection_sent_twice_emails_the_member_once(
    client, world, django_capture_on_commit_callbacks
):
    item = _held_item(world)
    client.force_login(world["moderator"])
    data = {
        "decision": "reject",
        "reason": "It had a phone number.",
        **_item_form_token(client, item),
    }
    url = reverse("moderation_decide", args=[item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert len([m for m in mail.outbox if world["member"].email in m.to]) == 1


def test_a_redaction_sent_twice_is_kept_once(client, world):
    item = _held_item(world)
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    redact_form = page[page.index('action="' + reverse("moderation_redact", args=[item.pk])) :]
    data = {"text": "Call me on [removed]", **rendered_token(redact_form)}
    url = reverse("moderation_redact", args=[item.pk])
    client.post(url, data)
    client.post(url, data)
    assert Redaction.objects.filter(post=item.post).count() == 1


def test_a_sanction_and_a_note_sent_twice_are_recorded_once(client, world):
    client.force_login(world["moderator"])
    url = reverse("moderation_member", args=[world["member"].pk])
    token = rendered_token(client.get(url).content.decode())
    sanction = {"action": "sanction", "kind": "warn", "duration": "", "reason": "Rude", **token}
    client.post(url, sanction)
    client.post(url, sanction)
    assert Sanction.objects.filter(member=world["member"]).count() == 1
    note = {
        "action": "note",
        "body": "Keep an eye",
        **rendered_token(client.get(url).content.decode()),
    }
    client.post(url, note)
    client.post(url, note)
    assert ModeratorNote.objects.filter(member=world["member"]).count() == 1


def test_a_moderator_action_without_a_genuine_token_does_nothing_and_says_so(client, world):
    client.force_login(world["moderator"])
    url = reverse("moderation_member", args=[world["member"].pk])
    response = client.post(url, {"action": "note", "body": "Forged", FIELD: "x"}, follow=True)
    assert REFUSED_MESSAGE.split(",")[0] in response.content.decode()
    assert not ModeratorNote.objects.exists()


def test_a_forged_moderator_action_from_a_member_is_still_not_found(client, world):
    client.force_login(world["other"])
    url = reverse("moderation_member", args=[world["member"].pk])
    assert client.post(url, {"action": "note", "body": "x"}).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_reports_record_one(client_factory, world):
    post = live_reply(world, poster=world["member"], text="Buy my pills")
    clients = racing_clients(client_factory, world["other"], 10)
    url, data = _report(clients[0], post)
    results = post_together(clients, url, data)
    assert_no_server_errors(results)
    assert Report.objects.filter(post=post).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_sanctions_record_one(client_factory, world):
    clients = racing_clients(client_factory, world["moderator"], 10)
    url = reverse("moderation_member", args=[world["member"].pk])
    token = rendered_token(clients[0].get(url).content.decode())
    data = {"action": "sanction", "kind": "warn", "duration": "", "reason": "Rude", **token}
    results = post_together(clients, url, data)
    assert_no_server_errors(results)
    assert Sanction.objects.filter(member=world["member"]).count() == 1
