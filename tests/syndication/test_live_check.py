"""The live check while composing: the same verdict as submit, per platform, with spans,
counts as the platform counts and the post as each platform will show it."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from syndication.factories import ChannelFactory
from syndication.gates import GateRefused
from syndication.models import Platform
from syndication.services import automatic_gate_problems, post_compose, post_submit
from syndication.text import LIMITS
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa

pytestmark = pytest.mark.django_db

URL = "syndication_live_check"
TEXTS = {
    "ok": "Asthma triggers explained: pollen, smoke and cold air.",
    "banned": "A miracle cure for asthma.",
    "phi": "Ask Jane about her asthma on 555-123-4567.",
    "crisis": "Some days I want to die because of my asthma.",
}
EXPECTED = {"ok": [], "banned": ["banned_claim"], "phi": ["phi"], "crisis": ["crisis"]}


def _text(kind: str, platform: str) -> str:
    if kind == "over_limit":
        return "a" * (LIMITS[platform] + 12)
    return TEXTS[kind]


def _check(client, payload) -> dict:
    response = client.post(reverse(URL), json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def _codes(problems) -> list[str]:
    return sorted(p["code"] if isinstance(p, dict) else p.code for p in problems)


@pytest.mark.parametrize("kind", ["ok", "over_limit", "banned", "phi", "crisis"])
def test_live_check_gives_the_verdict_submit_gives(client, vetted_page, editor, kind):
    """On every platform, composing (page) and editing (post) get exactly the problems
    submit refuses with."""
    channels = [ChannelFactory(name=p, platform=p) for p in Platform.values]
    texts = {c.pk: _text(kind, c.platform) for c in channels}
    post = post_compose(source=vetted_page, actor=editor, channels=channels, texts=texts)
    at_submit = {c.pk: [] for c in channels}
    for problem in automatic_gate_problems(post):
        name, _, _ = problem.message.partition(":")
        at_submit[next(c.pk for c in channels if c.name == name)].append(problem.code)
    client.force_login(editor)
    payload = {"channels": {str(pk): text for pk, text in texts.items()}}
    for target in ({"page": vetted_page.pk}, {"post": post.pk}):
        result = _check(client, {**target, **payload})
        live = {v["channel"]: _codes(v["problems"]) for v in result["channels"]}
        assert live == {pk: sorted(codes) for pk, codes in at_submit.items()}
    expected = ["too_long"] if kind == "over_limit" else EXPECTED[kind]
    assert all(codes == expected for codes in at_submit.values()), at_submit
    if expected:
        with pytest.raises(GateRefused):
            post_submit(post=post, actor=editor)
    else:
        post_submit(post=post, actor=editor)


def test_live_check_counts_as_the_platform_counts(client, vetted_page, editor):
    """Bluesky counts graphemes with the link: "312 / 300 — 12 over"."""
    bluesky = ChannelFactory(platform=Platform.BLUESKY)
    client.force_login(editor)
    link_room = _check(client, {"page": vetted_page.pk, "channels": {str(bluesky.pk): "a"}})
    used_by_link = link_room["channels"][0]["count"]["used"] - 1
    text = "a" * (312 - used_by_link)
    count = _check(client, {"page": vetted_page.pk, "channels": {str(bluesky.pk): text}})[
        "channels"
    ][0]["count"]
    assert count["label"] == "312 / 300 — 12 over" and count["over"] == 12
    assert count["unit"] == "graphemes"


def test_live_check_gives_spans_of_banned_claims_and_phi(client, vetted_page, editor, mastodon):
    """Where each banned claim and each piece of PHI is, in the text or the alt text."""
    text = "A miracle cure. Call 555-123-4567."
    client.force_login(editor)
    result = _check(
        client,
        {
            "page": vetted_page.pk,
            "channels": {str(mastodon.pk): text},
            "image_alt": "Guaranteed relief",
        },
    )
    verdict = result["channels"][0]
    assert [(s["kind"], s["field"], s["found"]) for s in verdict["banned"]] == [
        ("miracle", "text", "miracle"),
        ("cure", "text", "cure"),
        ("guaranteed", "image_alt", "Guaranteed"),
    ]
    (phone,) = verdict["phi"]
    assert text[phone["start"] : phone["end"]] == phone["found"] == "555-123-4567"


def test_live_check_previews_the_post_with_its_link_card(client, vetted_page, editor):
    """LinkedIn carries the link as a card (title, description, domain of the tracked
    link); Mastodon puts the link in the text."""
    linkedin = ChannelFactory(platform=Platform.LINKEDIN)
    mastodon = ChannelFactory(platform=Platform.MASTODON)
    client.force_login(editor)
    texts = {str(linkedin.pk): "Read this.", str(mastodon.pk): "Read this."}
    result = _check(client, {"page": vetted_page.pk, "channels": texts})
    by_platform = {c["platform"]: c for c in result["channels"]}
    on_linkedin = by_platform["linkedin"]["preview"]
    assert on_linkedin["text"] == "Read this."
    assert on_linkedin["card"]["title"] == "Living with asthma"
    assert on_linkedin["card"]["description"] == "Know your triggers."
    assert on_linkedin["card"]["domain"] == urlsplit(vetted_page.full_url).hostname
    assert "utm_source=linkedin" in on_linkedin["link"]
    on_mastodon = by_platform["mastodon"]["preview"]
    assert on_mastodon["text"] == f"Read this.\n\n{on_mastodon['link']}"


def test_live_check_reports_a_source_that_is_no_longer_live(client, vetted_page, editor, mastodon):
    """The page was unpublished while composing: the link gate and the source gate say so."""
    vetted_page.unpublish()
    client.force_login(editor)
    result = _check(client, {"page": vetted_page.pk, "channels": {str(mastodon.pk): "Hello"}})
    assert _codes(result["source_problems"]) == ["not_live"]
    assert _codes(result["channels"][0]["problems"]) == ["link_mismatch"]


@pytest.mark.parametrize("role", ["Compliance reviewer", "Moderator", "Physician"])
def test_live_check_refuses_non_editors(client, vetted_page, mastodon, role):
    """Only those who compose may use it: 403 with JSON, not a redirect."""
    client.force_login(with_mfa(UserFactory(roles=[role])))
    payload = {"page": vetted_page.pk, "channels": {str(mastodon.pk): "Hello"}}
    response = client.post(reverse(URL), json.dumps(payload), content_type="application/json")
    assert response.status_code == 403


def test_live_check_refuses_get_and_needs_the_csrf_token(vetted_page, editor, mastodon):
    """GET is refused (405); a POST without the CSRF token is refused (403)."""
    from tests.clients import LoginClient

    client = LoginClient(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(reverse(URL)).status_code == 405
    payload = {"page": vetted_page.pk, "channels": {str(mastodon.pk): "Hello"}}
    response = client.post(reverse(URL), json.dumps(payload), content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b"null",
        b'{"page": 1}',
        b'{"page": "x", "channels": {"1": "a"}}',
        b'{"page": 1, "post": 1, "channels": {"1": "a"}}',
        b'{"channels": {"1": "a"}}',
        b'{"page": PAGE, "channels": {"abc": "a"}}',
        b'{"page": PAGE, "channels": {"CHANNEL": 5}}',
        b'{"page": PAGE, "channels": {"CHANNEL": "a"}, "image_alt": []}',
        b'{"page": PAGE, "channels": {"CHANNEL": "a"}, "image": "x"}',
        b'{"page": PAGE, "channels": {"999999": "a"}}',
        b'{"page": 999999, "channels": {"CHANNEL": "a"}}',
        b'{"post": 999999, "channels": {"CHANNEL": "a"}}',
        b'{"page": true, "channels": {"CHANNEL": "a"}}',
    ],
)
def test_live_check_answers_garbage_with_400(client, vetted_page, editor, mastodon, body):
    """Malformed or mismatched input is a 400 with a reason, never a 500."""
    body = body.replace(b"PAGE", str(vetted_page.pk).encode())
    body = body.replace(b"CHANNEL", str(mastodon.pk).encode())
    client.force_login(editor)
    response = client.post(reverse(URL), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]


def test_live_check_refuses_a_channel_not_on_the_post(client, draft, editor, bluesky):
    """Editing: only the post's own channels are checked."""
    client.force_login(editor)
    payload = {"post": draft.pk, "channels": {str(bluesky.pk): "a"}}
    response = client.post(reverse(URL), json.dumps(payload), content_type="application/json")
    assert response.status_code == 400


def test_link_card_preview_matches_the_pages_open_graph_tags(client, vetted_page, editor, mastodon):
    """Platforms that fetch the page read its Open Graph tags: the preview shows the same."""
    import html
    import re

    client.force_login(editor)
    result = _check(client, {"page": vetted_page.pk, "channels": {str(mastodon.pk): "Hi"}})
    card = result["channels"][0]["preview"]["card"]
    client.logout()
    content = client.get(vetted_page.url).content.decode()
    tags = {
        name: html.unescape(value)
        for name, value in re.findall(r'<meta property="og:(\w+)" content="([^"]*)"', content)
    }
    assert tags["title"] == card["title"] and tags["description"] == card["description"]
    assert tags["url"] == vetted_page.full_url


def test_live_check_is_rate_limited_per_person(client, draft, editor, mastodon, settings):
    """Past the per-minute allowance the check answers 429 (the form still works)."""
    settings.PORTAL_SYNDICATION_LIVE_CHECKS_PER_MINUTE = 2
    client.force_login(editor)
    payload = json.dumps({"post": draft.pk, "channels": {str(mastodon.pk): "Hello"}})
    answers = [
        client.post(reverse(URL), payload, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert answers == [200, 200, 429]


def test_link_card_shows_the_pages_hero_image_with_its_alt_text(db):
    """A blog post's hero image and its alt text go on the card; the domain is the link's."""
    from types import SimpleNamespace

    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from syndication.selectors import link_card

    image = Image.objects.create(title="Spacer", file=get_test_image_file())
    page = SimpleNamespace(
        title="Spacers", summary="Why a spacer helps.", search_description="", hero_image=image
    )
    page.hero_alt, page.specific = "An inhaler with a spacer", page
    card = link_card(page=page, link="https://portal.example/blog/spacers/?utm_source=x")
    assert card.image_url.startswith("/") and card.image_url.endswith((".png", ".jpg"))
    assert (card.image_alt, card.domain, card.description) == (
        "An inhaler with a spacer",
        "portal.example",
        "Why a spacer helps.",
    )
