"""Each adapter against a local server that checks the documented request shape, and
answers with timeouts, 429, 500, 401 and duplicate errors."""

from __future__ import annotations

import json
import re
import time

import pytest
from werkzeug import Response

from syndication.adapters import adapter_for
from syndication.adapters.base import (
    AmbiguousError,
    DuplicateError,
    Image,
    Outgoing,
    PermanentError,
    TransientError,
)
from syndication.adapters.bluesky import deterministic_tid
from syndication.adapters.linkedin import escape_commentary
from syndication.factories import ChannelFactory
from syndication.models import Platform
from tests.syndication.fakes import (
    TOKEN,
    CountingEndpoint,
    FakeBluesky,
    FakeMastodon,
    webhook_signature_ok,
)

pytestmark = pytest.mark.django_db
LINK = "https://portal.example/education/asthma/?utm_medium=social&utm_campaign=synd-1"
TEXT = f"Asthma: know your triggers — ünïcode ✓\n\n{LINK}"


def outgoing(**overrides) -> Outgoing:
    values = {
        "text": TEXT,
        "body": "Asthma: know your triggers — ünïcode ✓",
        "link": LINK,
        "title": "Living with asthma",
        "description": "Know your triggers.",
        "idempotency_key": "5f0c6f4e-1111-4222-8333-944455556666",
        "record_key": deterministic_tid(micros=1_700_000_000_000_000, clock_id=7),
    }
    return Outgoing(**{**values, **overrides})


def channel_for(httpserver, platform: str, **fields):
    base = httpserver.url_for("/").rstrip("/")
    return ChannelFactory(platform=platform, base_url=fields.pop("base_url", base), **fields)


# --- Mastodon ------------------------------------------------------------------------


def test_mastodon_posts_a_status_with_idempotency_key(httpserver):
    """Bearer token, JSON status, Idempotency-Key; the answer's id and url are kept."""
    fake = FakeMastodon(httpserver)
    result = adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing())
    assert (result.remote_id, result.remote_url) == ("100", "https://social.example/@clinic/100")
    sent = fake.requests[0]
    assert sent.headers["Idempotency-Key"] == outgoing().idempotency_key
    assert sent.get_json()["status"] == TEXT


def test_mastodon_repeat_with_the_same_key_is_one_status(httpserver):
    """The server returns the same status for a repeated Idempotency-Key."""
    fake = FakeMastodon(httpserver)
    adapter = adapter_for(channel_for(httpserver, Platform.MASTODON))
    first, second = adapter.publish(outgoing()), adapter.publish(outgoing())
    assert first == second and fake.posts == 1


def test_mastodon_uploads_the_image_with_alt_text_first(httpserver):
    """The image goes to /api/v2/media with its description, then is attached."""
    fake = FakeMastodon(httpserver)
    image = Image(data=b"\xff\xd8jpeg", filename="a.jpg", content_type="image/jpeg", alt="Inhaler")
    adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing(image=image))
    assert fake.media == [{"description": "Inhaler", "size": 6}]
    assert next(iter(fake.statuses.values()))["media_ids"] == ["901"]


def test_mastodon_401_is_permanent_with_the_reason(httpserver):
    """A bad token stops with the platform's reason."""
    FakeMastodon(httpserver, token="other")
    with pytest.raises(PermanentError, match="access token is invalid") as raised:
        adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing())
    assert raised.value.status == 401


def test_429_carries_retry_after(httpserver):
    """Rate limiting is transient and reports Retry-After in seconds."""
    fake = FakeMastodon(httpserver)
    fake.faults.queue.append((429, {"Retry-After": "120"}, {"error": "Too many requests"}))
    with pytest.raises(TransientError) as raised:
        adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing())
    assert raised.value.retry_after == 120 and raised.value.status == 429


def test_500_is_transient(httpserver):
    """A server error is worth retrying."""
    fake = FakeMastodon(httpserver)
    fake.faults.queue.append((500, {}, {"error": "boom"}))
    with pytest.raises(TransientError) as raised:
        adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing())
    assert not isinstance(raised.value, AmbiguousError)


def test_a_timeout_after_sending_is_ambiguous(httpserver, settings):
    """No answer in time: the request may have been processed."""
    settings.PORTAL_SYNDICATION_HTTP_TIMEOUT = 0.3
    httpserver.expect_request("/api/v1/statuses").respond_with_handler(
        lambda request: (time.sleep(0.8), Response("{}"))[1]
    )
    with pytest.raises(AmbiguousError, match="No answer"):
        adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing())


def test_an_unreachable_server_is_transient_and_not_ambiguous():
    """Nothing was sent when the connection is refused."""
    channel = ChannelFactory(platform=Platform.MASTODON, base_url="http://127.0.0.1:9")
    with pytest.raises(TransientError) as raised:
        adapter_for(channel).publish(outgoing())
    assert not isinstance(raised.value, AmbiguousError)


def test_missing_credentials_are_permanent(httpserver, monkeypatch):
    """A channel whose environment variable is empty never sends."""
    monkeypatch.delenv("PORTAL_TEST_CHANNEL_TOKEN")
    with pytest.raises(PermanentError, match="PORTAL_TEST_CHANNEL_TOKEN"):
        adapter_for(channel_for(httpserver, Platform.MASTODON)).publish(outgoing())


# --- Bluesky -------------------------------------------------------------------------


def test_bluesky_creates_a_record_with_link_card_and_byte_facets(httpserver):
    """createSession, then createRecord with the deterministic rkey, facets, link card."""
    channel = channel_for(httpserver, Platform.BLUESKY, account_id="clinic.example")
    fake = FakeBluesky(httpserver, identifier="clinic.example")
    result = adapter_for(channel).publish(outgoing())
    rkey = outgoing().record_key
    assert result.remote_id == f"at://{fake.DID}/app.bsky.feed.post/{rkey}"
    assert result.remote_url == f"https://bsky.app/profile/clinic.example/post/{rkey}"
    record = fake.records[rkey]
    assert record["embed"] == {
        "$type": "app.bsky.embed.external",
        "external": {
            "uri": LINK,
            "title": "Living with asthma",
            "description": "Know your triggers.",
        },
    }
    assert record["facets"][0]["features"][0]["uri"] == LINK


def test_bluesky_repeat_finds_the_existing_record(httpserver):
    """A second publish with the same record key returns the first record, no duplicate."""
    channel = channel_for(httpserver, Platform.BLUESKY, account_id="clinic.example")
    fake = FakeBluesky(httpserver, identifier="clinic.example")
    adapter = adapter_for(channel)
    assert adapter.publish(outgoing()) == adapter.publish(outgoing())
    assert fake.posts == 1


def test_bluesky_already_exists_on_create_is_resolved(httpserver):
    """If createRecord says the record exists (an earlier attempt won a race), the adapter
    fetches and returns that record instead of failing."""
    channel = channel_for(httpserver, Platform.BLUESKY, account_id="clinic.example")
    fake = FakeBluesky(httpserver, identifier="clinic.example")
    fake.records[outgoing().record_key] = {"text": "created by the earlier attempt"}
    fake.misses = 1  # the first getRecord does not see it yet
    result = adapter_for(channel).publish(outgoing())
    assert result.remote_id.endswith(outgoing().record_key) and fake.posts == 1


def test_bluesky_wrong_app_password_is_permanent(httpserver):
    """createSession refusing the password stops with the reason."""
    channel = channel_for(httpserver, Platform.BLUESKY, account_id="clinic.example")
    FakeBluesky(httpserver, identifier="clinic.example", password="other")
    with pytest.raises(PermanentError, match="401"):
        adapter_for(channel).publish(outgoing())


def test_bluesky_tid_is_deterministic_and_sortable():
    """Same delivery, same key; later timestamps sort later."""
    a = deterministic_tid(micros=1_700_000_000_000_000, clock_id=1)
    assert a == deterministic_tid(micros=1_700_000_000_000_000, clock_id=1)
    assert deterministic_tid(micros=1_700_000_000_000_001, clock_id=1) > a
    assert len(a) == 13


# --- X -------------------------------------------------------------------------------


def _x_check(request):
    if request.headers.get("Authorization") != f"Bearer {TOKEN}":
        return Response(json.dumps({"title": "Unauthorized", "status": 401}), status=401)
    if request.get_json(silent=True) != {"text": TEXT}:
        return "body must be exactly {'text': ...}"
    return ""


def test_x_posts_a_tweet(httpserver):
    """POST /2/tweets with a Bearer user token and {"text": ...}."""
    endpoint = CountingEndpoint(
        httpserver,
        "/2/tweets",
        check=_x_check,
        answer=lambda n: Response(json.dumps({"data": {"id": f"1{n}", "text": TEXT}}), status=201),
    )
    channel = channel_for(httpserver, Platform.X, account_name="@clinic")
    result = adapter_for(channel).publish(outgoing())
    assert result.remote_url == "https://x.com/clinic/status/11" and endpoint.posts == 1


def test_x_duplicate_is_reported_as_duplicate(httpserver):
    """X's 403 for duplicate content is recognised."""
    endpoint = CountingEndpoint(httpserver, "/2/tweets", check=_x_check, answer=None)
    detail = "You are not allowed to create a Tweet with duplicate content."
    endpoint.faults.queue.append((403, {}, {"detail": detail, "status": 403}))
    with pytest.raises(DuplicateError):
        adapter_for(channel_for(httpserver, Platform.X)).publish(outgoing())


def test_x_401_is_permanent(httpserver, monkeypatch):
    """An expired user token stops retries."""
    CountingEndpoint(httpserver, "/2/tweets", check=_x_check, answer=None)
    monkeypatch.setenv("PORTAL_TEST_CHANNEL_TOKEN", "expired")
    with pytest.raises(PermanentError, match="401"):
        adapter_for(channel_for(httpserver, Platform.X)).publish(outgoing())


# --- LinkedIn ------------------------------------------------------------------------


def _linkedin_check(request):
    headers = request.headers
    if headers.get("Authorization") != f"Bearer {TOKEN}":
        return Response(json.dumps({"message": "Invalid access token", "status": 401}), status=401)
    version_ok = re.fullmatch(r"20\d{4}", headers.get("LinkedIn-Version", ""))
    if headers.get("X-Restli-Protocol-Version") != "2.0.0" or not version_ok:
        return "LinkedIn-Version and X-Restli-Protocol-Version: 2.0.0 are required"
    body = request.get_json(silent=True) or {}
    article = body.get("content", {}).get("article", {})
    if body.get("author") != "urn:li:organization:42" or article.get("source") != LINK:
        return "author URN and article source required"
    if body.get("lifecycleState") != "PUBLISHED" or body.get("visibility") != "PUBLIC":
        return "lifecycleState PUBLISHED and visibility PUBLIC required"
    if body.get("commentary") != escape_commentary(TEXT):
        return "commentary must be escaped little text"
    return ""


def test_linkedin_posts_through_the_posts_api(httpserver):
    """POST /rest/posts; the post URN comes back in x-restli-id."""
    endpoint = CountingEndpoint(
        httpserver,
        "/rest/posts",
        check=_linkedin_check,
        answer=lambda n: Response("", status=201, headers={"x-restli-id": f"urn:li:share:{n}"}),
    )
    channel = channel_for(httpserver, Platform.LINKEDIN, account_id="urn:li:organization:42")
    result = adapter_for(channel).publish(outgoing())
    assert result.remote_id == "urn:li:share:1" and endpoint.posts == 1
    assert result.remote_url == "https://www.linkedin.com/feed/update/urn:li:share:1/"


def test_linkedin_escapes_reserved_characters():
    """Little-text reserved characters are backslash-escaped."""
    assert escape_commentary("Q&A (live) #asthma @clinic") == r"Q&A \(live\) \#asthma \@clinic"


# --- Facebook ------------------------------------------------------------------------


def _facebook_check(request):
    form = request.form
    if form.get("access_token") != TOKEN:
        error = {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}
        return Response(json.dumps({"error": error}), status=400)
    if form.get("message") != TEXT or form.get("link") != LINK:
        return "message and link form fields required"
    return ""


def test_facebook_posts_to_the_page_feed(httpserver):
    """POST /{page-id}/feed with message, link and the page access token."""
    endpoint = CountingEndpoint(
        httpserver,
        "/v23.0/4242/feed",
        check=_facebook_check,
        answer=lambda n: Response(json.dumps({"id": f"4242_{n}"})),
    )
    channel = channel_for(
        httpserver, Platform.FACEBOOK, account_id="4242", base_url=httpserver.url_for("/v23.0")
    )
    result = adapter_for(channel).publish(outgoing())
    assert result.remote_id == "4242_1" and endpoint.posts == 1


def test_facebook_graph_errors_are_classified(httpserver):
    """Code 190 (token) is permanent, throttling transient, 506 a duplicate."""
    endpoint = CountingEndpoint(httpserver, "/1/feed", check=_facebook_check, answer=None)
    channel = channel_for(httpserver, Platform.FACEBOOK, account_id="1")
    endpoint.faults.queue += [
        (400, {}, {"error": {"message": "Too many calls", "code": 4}}),
        (400, {}, {"error": {"message": "Duplicate status message", "code": 506}}),
    ]
    with pytest.raises(TransientError):
        adapter_for(channel).publish(outgoing())
    with pytest.raises(DuplicateError):
        adapter_for(channel).publish(outgoing())


# --- Webhook -------------------------------------------------------------------------


def test_webhook_posts_signed_json(httpserver):
    """JSON body signed with HMAC-SHA256 over timestamp.body."""

    def check(request):
        if not webhook_signature_ok(request):
            return Response("bad signature", status=401)
        if request.get_json()["link"] != LINK:
            return "link missing"
        return ""

    endpoint = CountingEndpoint(
        httpserver,
        "/hook",
        check=check,
        answer=lambda n: Response(json.dumps({"id": f"h{n}", "url": f"https://intranet/{n}"})),
    )
    channel = channel_for(httpserver, Platform.WEBHOOK, base_url=httpserver.url_for("/hook"))
    result = adapter_for(channel).publish(outgoing())
    assert (result.remote_id, result.remote_url) == ("h1", "https://intranet/1")
    assert endpoint.posts == 1


def test_webhook_with_a_wrong_secret_is_refused(httpserver, monkeypatch):
    """The receiver rejects a bad signature; the adapter stops."""
    CountingEndpoint(
        httpserver,
        "/hook",
        check=lambda r: "" if webhook_signature_ok(r) else Response("bad", status=401),
        answer=None,
    )
    monkeypatch.setenv("PORTAL_TEST_CHANNEL_TOKEN", "wrong")
    channel = channel_for(httpserver, Platform.WEBHOOK, base_url=httpserver.url_for("/hook"))
    with pytest.raises(PermanentError, match="401"):
        adapter_for(channel).publish(outgoing())


def test_bluesky_image_is_uploaded_as_a_blob_with_alt_text(httpserver):
    """uploadBlob with the image's content type, then an images embed carrying the alt."""
    channel = channel_for(httpserver, Platform.BLUESKY, account_id="clinic.example")
    fake = FakeBluesky(httpserver, identifier="clinic.example")
    blob = {"$type": "blob", "ref": {"$link": "bafkrei"}, "mimeType": "image/jpeg", "size": 6}
    uploads = []

    def upload(request):
        if request.headers.get("Authorization") != f"Bearer {fake.JWT}":
            return Response("{}", status=401)
        if request.headers.get("Content-Type") != "image/jpeg":
            return Response("content type must be the image's", status=418)
        uploads.append(request.get_data())
        return Response(json.dumps({"blob": blob}), mimetype="application/json")

    httpserver.expect_request(
        "/xrpc/com.atproto.repo.uploadBlob", method="POST"
    ).respond_with_handler(upload)
    image = Image(data=b"\xff\xd8jpeg", filename="a.jpg", content_type="image/jpeg", alt="Inhaler")
    adapter_for(channel).publish(outgoing(image=image))
    assert uploads == [b"\xff\xd8jpeg"]
    embed = fake.records[outgoing().record_key]["embed"]
    assert embed == {
        "$type": "app.bsky.embed.images",
        "images": [{"image": blob, "alt": "Inhaler"}],
    }


def test_x_image_is_uploaded_with_alt_text_then_attached(httpserver):
    """POST /2/media/upload, alt text through /2/media/metadata, then media_ids on the post."""
    seen = {}

    def media(request):
        seen["category"] = request.form.get("media_category")
        return Response(json.dumps({"data": {"id": "555"}}), mimetype="application/json")

    def metadata(request):
        seen["metadata"] = request.get_json()
        return Response("{}", mimetype="application/json")

    def tweet(request):
        seen["tweet"] = request.get_json()
        return Response(json.dumps({"data": {"id": "9"}}), status=201)

    httpserver.expect_request("/2/media/upload", method="POST").respond_with_handler(media)
    httpserver.expect_request("/2/media/metadata", method="POST").respond_with_handler(metadata)
    httpserver.expect_request("/2/tweets", method="POST").respond_with_handler(tweet)
    image = Image(data=b"\xff\xd8jpeg", filename="a.jpg", content_type="image/jpeg", alt="Inhaler")
    adapter_for(channel_for(httpserver, Platform.X)).publish(outgoing(image=image))
    assert seen["category"] == "tweet_image"
    assert seen["metadata"] == {"id": "555", "metadata": {"alt_text": {"text": "Inhaler"}}}
    assert seen["tweet"] == {"text": TEXT, "media": {"media_ids": ["555"]}}


def test_linkedin_version_header_is_configurable(httpserver, settings):
    """PORTAL_SYNDICATION_LINKEDIN_VERSION sets the LinkedIn-Version header."""
    settings.PORTAL_SYNDICATION_LINKEDIN_VERSION = "202601"
    seen = []

    def answer(request):
        seen.append(request.headers["LinkedIn-Version"])
        return Response("", status=201, headers={"x-restli-id": "urn:li:share:5"})

    httpserver.expect_request("/rest/posts", method="POST").respond_with_handler(answer)
    channel = channel_for(httpserver, Platform.LINKEDIN, account_id="urn:li:organization:42")
    adapter_for(channel).publish(outgoing())
    assert seen == ["202601"]
