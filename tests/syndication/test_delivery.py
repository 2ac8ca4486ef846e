"""Delivery by the task worker: retries with backoff and Retry-After, permanent failures,
the rate limit, scheduling, re-checked gates, and at most one remote post per channel
even when the worker dies mid-request."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.audit.models import AuditEvent
from syndication import delivery as delivery_module
from syndication.adapters import adapter_for
from syndication.delivery import backoff_delay, delivery_run
from syndication.factories import ChannelFactory
from syndication.models import AttemptOutcome, Delivery, DeliveryStatus, Platform, PostStatus
from syndication.services import (
    TransitionRefused,
    delivery_decide,
    delivery_reconcile,
    delivery_retry,
    post_compose,
    post_submit,
    post_update,
)
from syndication.sweep import syndication_sweep
from tests.syndication.fakes import CountingEndpoint, FakeBluesky, FakeMastodon

pytestmark = pytest.mark.django_db
D = DeliveryStatus


class WorkerKilled(BaseException):
    """Stands for the worker process dying: not an Exception, nothing catches it."""


def _channel(httpserver, platform: str, **fields):
    base = httpserver.url_for("/").rstrip("/")
    return ChannelFactory(platform=platform, base_url=base, **fields)


def _approved(page, editor, reviewer, channels, capture, **compose) -> list[Delivery]:
    """Compose, submit and approve; the on-commit enqueue runs the (immediate) worker."""
    post = post_submit(
        post=post_compose(source=page, actor=editor, channels=channels, **compose), actor=editor
    )
    with capture(execute=True):
        for delivery in post.deliveries.all():
            delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    return list(Delivery.objects.filter(post_id=post.pk).order_by("pk"))


def _reload(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery


def test_approved_post_is_delivered_with_remote_link_and_audit(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """Approval queues the send; the worker posts and stores the remote id and link."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.PUBLISHED and fake.posts == 1
    assert delivery.remote_url == "https://social.example/@clinic/100"
    assert delivery.post.status == PostStatus.PUBLISHED
    event = AuditEvent.objects.get(action="syndication.delivery.published")
    assert event.data["remote_url"] == delivery.remote_url and event.data["from"] == D.SENDING
    assert event.actor_id is None


def test_429_waits_for_retry_after_then_succeeds(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """Retry-After (120 s) wins over the shorter backoff; nothing is sent before then."""
    fake = FakeMastodon(httpserver)
    fake.faults.queue.append((429, {"Retry-After": "120"}, {"error": "Too many requests"}))
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.RETRY_WAIT
    attempt = delivery.attempts.get()
    assert delivery.next_attempt_at == attempt.finished_at + timedelta(seconds=120)
    assert (attempt.outcome, attempt.http_status) == (AttemptOutcome.TRANSIENT, 429)
    requests_before = len(fake.requests)
    delivery_run(delivery_id=delivery.pk, now=attempt.finished_at + timedelta(seconds=100))
    assert len(fake.requests) == requests_before and _reload(delivery).status == D.RETRY_WAIT
    syndication_sweep(now=attempt.finished_at + timedelta(seconds=121))
    assert _reload(delivery).status == D.PUBLISHED and fake.posts == 1


def test_401_stops_retries_and_shows_the_reason(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """A refused token is permanent: failed, reason shown, no further attempt."""
    fake = FakeMastodon(httpserver, token="another")
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.FAILED
    assert delivery.status_reason == "Not authorised (401): The access token is invalid"
    syndication_sweep(now=timezone.now() + timedelta(days=1))
    assert len(fake.requests) == 1 and delivery.attempts.count() == 1
    delivery.post.refresh_from_db()
    assert delivery.post.status == PostStatus.ATTENTION


def test_server_errors_back_off_exponentially_and_give_up(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks, settings
):
    """500s retry after 30, 60, 120 s...; after the attempt limit the delivery fails."""
    settings.PORTAL_SYNDICATION_MAX_ATTEMPTS = 3
    fake = FakeMastodon(httpserver)
    fake.faults.queue += [(500, {}, {"error": "boom"})] * 3
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    delays = []
    while _reload(delivery).status == D.RETRY_WAIT:
        last = delivery.attempts.last()
        delays.append((delivery.next_attempt_at - last.finished_at).total_seconds())
        delivery_run(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    assert delays == [30, 60]
    assert delivery.status == D.FAILED and delivery.status_reason.startswith("Gave up after 3")
    assert fake.posts == 0


def test_backoff_is_capped_at_an_hour():
    """The tenth retry waits an hour, not eight."""
    assert backoff_delay(10) == 3600
    assert backoff_delay(1, retry_after=5) == 30


def test_failed_delivery_can_be_retried_after_fixing_credentials(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    """Retrying a failed delivery re-queues it; every gate is checked again."""
    FakeMastodon(httpserver)
    monkeypatch.setenv("PORTAL_TEST_CHANNEL_TOKEN", "wrong")
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.FAILED
    monkeypatch.setenv("PORTAL_TEST_CHANNEL_TOKEN", "test-token-123")
    with django_capture_on_commit_callbacks(execute=True):
        delivery_retry(delivery=delivery, actor=editor)
    assert _reload(delivery).status == D.PUBLISHED
    with pytest.raises(TransitionRefused):
        delivery_retry(delivery=delivery, actor=editor)


def test_content_changed_behind_the_services_back_is_not_sent(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """The worker re-checks the approval hash: text altered in the database is refused."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON)
    post = post_submit(
        post=post_compose(
            source=vetted_page,
            actor=editor,
            channels=[channel],
            scheduled_at=timezone.now() + timedelta(hours=1),
        ),
        actor=editor,
    )
    delivery = post.deliveries.get()
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    Delivery.objects.filter(pk=delivery.pk).update(text="Call 555-867-5309 for a miracle")
    syndication_sweep(now=timezone.now() + timedelta(hours=2))
    delivery = _reload(delivery)
    assert delivery.status == D.FAILED and "No valid approval" in delivery.status_reason
    assert fake.posts == 0


def test_scheduled_post_waits_for_its_time(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """Approved before its time, it is sent by the sweep once the time comes."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON)
    when = timezone.now() + timedelta(hours=3)
    [delivery] = _approved(
        vetted_page,
        editor,
        reviewer,
        [channel],
        django_capture_on_commit_callbacks,
        scheduled_at=when,
    )
    assert delivery.status == D.QUEUED and delivery.post.status == PostStatus.APPROVED
    syndication_sweep(now=when - timedelta(minutes=1))
    assert _reload(delivery).status == D.QUEUED and fake.posts == 0
    syndication_sweep(now=when + timedelta(seconds=1))
    assert _reload(delivery).status == D.PUBLISHED and fake.posts == 1


def test_channel_rate_limit_defers_the_next_post(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """With one post an hour allowed, the second waits an hour after the first."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON, max_posts_per_hour=1)
    capture = django_capture_on_commit_callbacks
    [first] = _approved(vetted_page, editor, reviewer, [channel], capture)
    [second] = _approved(vetted_page, editor, reviewer, [channel], capture)
    assert first.status == D.PUBLISHED
    assert second.status == D.RETRY_WAIT and "rate limit" in second.status_reason
    assert second.next_attempt_at == first.published_at + timedelta(hours=1)
    syndication_sweep(now=second.next_attempt_at + timedelta(seconds=1))
    assert _reload(second).status == D.PUBLISHED and fake.posts == 2


def test_disabled_channel_is_not_sent_to(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """Disabling a channel after approval stops its delivery with the reason."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON)
    when = timezone.now() + timedelta(hours=1)
    capture = django_capture_on_commit_callbacks
    [delivery] = _approved(vetted_page, editor, reviewer, [channel], capture, scheduled_at=when)
    channel.enabled = False
    channel.save()
    syndication_sweep(now=when + timedelta(seconds=1))
    assert _reload(delivery).status == D.FAILED and "disabled" in delivery.status_reason
    assert fake.posts == 0
    delivery.post.refresh_from_db()
    assert delivery.post.status == PostStatus.ATTENTION  # approved → attention


def test_running_a_published_delivery_again_posts_nothing(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """A duplicate task for a delivery already out is a no-op."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery_run(delivery_id=delivery.pk) == D.PUBLISHED
    assert len(fake.requests) == 1


# --- Fault injection: the worker dies after sending, before storing the result ---------


def _kill_after_sending(monkeypatch):
    """The next publish really reaches the server; then the worker 'dies'."""

    def dying_adapter_for(channel):
        adapter = adapter_for(channel)
        real_publish = adapter.publish

        def publish(outgoing):
            with contextlib.suppress(Exception):  # whatever the answer, it is never stored
                real_publish(outgoing)
            monkeypatch.setattr(delivery_module, "adapter_for", adapter_for)
            raise WorkerKilled

        adapter.publish = publish
        return adapter

    monkeypatch.setattr(delivery_module, "adapter_for", dying_adapter_for)


def _crash_then_restart(monkeypatch, delivery_id: int, settings) -> Delivery:
    _kill_after_sending(monkeypatch)
    with pytest.raises(WorkerKilled):
        delivery_run(delivery_id=delivery_id)
    delivery = Delivery.objects.get(pk=delivery_id)
    assert delivery.status == D.SENDING
    assert delivery.attempts.get().outcome == AttemptOutcome.IN_FLIGHT
    # A second worker that comes by while the attempt is fresh leaves it alone.
    assert delivery_run(delivery_id=delivery_id) == D.SENDING
    settings.PORTAL_SYNDICATION_STALE_SECONDS = 0
    syndication_sweep(now=timezone.now() + timedelta(seconds=1))  # after restart
    return Delivery.objects.get(pk=delivery_id)


def _scheduled(vetted_page, editor, reviewer, channel) -> Delivery:
    post = post_submit(
        post=post_compose(
            source=vetted_page,
            actor=editor,
            channels=[channel],
            scheduled_at=timezone.now() + timedelta(seconds=30),
        ),
        actor=editor,
    )
    delivery = post.deliveries.get()
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
    return delivery


def test_killed_worker_mastodon_ends_with_exactly_one_post(
    httpserver, vetted_page, editor, reviewer, monkeypatch, settings
):
    """The retry repeats the Idempotency-Key, so Mastodon returns the first status."""
    fake = FakeMastodon(httpserver)
    delivery = _scheduled(vetted_page, editor, reviewer, _channel(httpserver, Platform.MASTODON))
    delivery = _crash_then_restart(monkeypatch, delivery.pk, settings)
    assert delivery.status == D.PUBLISHED and fake.posts == 1
    assert len(fake.requests) == 2  # it really was sent twice, and posted once
    outcomes = list(delivery.attempts.values_list("outcome", flat=True))
    assert outcomes == [AttemptOutcome.AMBIGUOUS, AttemptOutcome.SUCCEEDED]


def test_killed_worker_bluesky_ends_with_exactly_one_post(
    httpserver, vetted_page, editor, reviewer, monkeypatch, settings
):
    """The retry finds the record under its deterministic key instead of posting again."""
    channel = _channel(httpserver, Platform.BLUESKY, account_id="clinic.example")
    fake = FakeBluesky(httpserver, identifier="clinic.example")
    delivery = _scheduled(vetted_page, editor, reviewer, channel)
    delivery = _crash_then_restart(monkeypatch, delivery.pk, settings)
    assert delivery.status == D.PUBLISHED and fake.posts == 1
    assert delivery.remote_id == f"at://{fake.DID}/app.bsky.feed.post/{next(iter(fake.records))}"


@pytest.mark.parametrize(
    ("platform", "path", "answer"),
    [
        (Platform.X, "/2/tweets", '{"data": {"id": "1"}}'),
        (Platform.LINKEDIN, "/rest/posts", ""),
        (Platform.FACEBOOK, "/page-1/feed", '{"id": "page-1_1"}'),
        (Platform.WEBHOOK, "/", '{"id": "1"}'),
    ],
)
def test_killed_worker_without_idempotency_waits_for_reconciliation(
    httpserver, vetted_page, editor, reviewer, monkeypatch, settings, platform, path, answer
):
    """Platforms with no idempotency key are not asked again: the delivery waits, visibly,
    in 'needs reconciliation' and no second post is made."""
    from werkzeug import Response

    endpoint = CountingEndpoint(
        httpserver,
        path,
        check=lambda request: "",
        answer=lambda n: Response(answer, status=201, headers={"x-restli-id": "urn:li:share:1"}),
    )
    channel = _channel(
        httpserver, platform, account_id="page-1" if platform == Platform.FACEBOOK else "urn:x"
    )
    delivery = _scheduled(vetted_page, editor, reviewer, channel)
    delivery = _crash_then_restart(monkeypatch, delivery.pk, settings)
    assert delivery.status == D.NEEDS_RECONCILIATION and endpoint.posts == 1
    assert "may or may not have posted" in delivery.status_reason
    delivery.post.refresh_from_db()
    assert delivery.post.status == PostStatus.ATTENTION
    syndication_sweep(now=timezone.now() + timedelta(hours=1))
    assert endpoint.posts == 1, "nothing is sent while it waits"


def test_reconciliation_found_on_the_channel_marks_it_published(
    httpserver, vetted_page, editor, reviewer, monkeypatch, settings
):
    """Someone finds the post and gives its address: published, audited, no resend."""
    endpoint = CountingEndpoint(
        httpserver, "/2/tweets", check=lambda r: "", answer=lambda n: '{"data": {"id": "1"}}'
    )
    delivery = _scheduled(vetted_page, editor, reviewer, _channel(httpserver, Platform.X))
    delivery = _crash_then_restart(monkeypatch, delivery.pk, settings)
    delivery_reconcile(
        delivery=delivery, actor=editor, posted=True, remote_url="https://x.com/clinic/status/1"
    )
    delivery = _reload(delivery)
    assert delivery.status == D.PUBLISHED and endpoint.posts == 1
    event = AuditEvent.objects.get(action="syndication.delivery.published")
    assert event.actor_id == editor.pk and event.data["from"] == D.NEEDS_RECONCILIATION


def test_reconciliation_not_found_sends_again(
    httpserver,
    vetted_page,
    editor,
    reviewer,
    monkeypatch,
    settings,
    django_capture_on_commit_callbacks,
):
    """Someone checks and the post is not there: it is sent again, once."""
    from werkzeug import Response

    calls = []

    def lost_first(request):
        calls.append(1)
        return Response(status=502) if len(calls) == 1 else ""

    endpoint = CountingEndpoint(
        httpserver,
        "/2/tweets",
        check=lost_first,
        answer=lambda n: Response('{"data": {"id": "7"}}', status=201),
    )
    delivery = _scheduled(vetted_page, editor, reviewer, _channel(httpserver, Platform.X))
    delivery = _crash_then_restart(monkeypatch, delivery.pk, settings)
    assert delivery.status == D.NEEDS_RECONCILIATION and endpoint.posts == 0
    with django_capture_on_commit_callbacks(execute=True):
        delivery_reconcile(delivery=delivery, actor=editor, posted=False)
    assert _reload(delivery).status == D.PUBLISHED and endpoint.posts == 1


def test_a_duplicate_answer_needs_reconciliation(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """X saying 'duplicate content' means a post may exist: a person decides."""
    endpoint = CountingEndpoint(httpserver, "/2/tweets", check=lambda r: "", answer=None)
    endpoint.faults.queue.append((403, {}, {"detail": "duplicate content", "status": 403}))
    channel = _channel(httpserver, Platform.X)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.NEEDS_RECONCILIATION


def test_a_timeout_on_a_non_idempotent_platform_needs_reconciliation(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks, settings
):
    """No answer in time from X: it may have posted, so it is not simply retried."""
    import time

    from werkzeug import Response

    settings.PORTAL_SYNDICATION_HTTP_TIMEOUT = 0.3
    httpserver.expect_request("/2/tweets").respond_with_handler(
        lambda request: (time.sleep(0.8), Response('{"data": {"id": "1"}}'))[1]
    )
    channel = _channel(httpserver, Platform.X)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.NEEDS_RECONCILIATION


def test_a_timeout_on_mastodon_is_retried(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks, settings
):
    """The same timeout on Mastodon is retried: its Idempotency-Key makes that safe."""
    import time

    from werkzeug import Response

    settings.PORTAL_SYNDICATION_HTTP_TIMEOUT = 0.3
    httpserver.expect_request("/api/v1/statuses").respond_with_handler(
        lambda request: (time.sleep(0.8), Response("{}"))[1]
    )
    channel = _channel(httpserver, Platform.MASTODON)
    [delivery] = _approved(
        vetted_page, editor, reviewer, [channel], django_capture_on_commit_callbacks
    )
    assert delivery.status == D.RETRY_WAIT


def test_an_approved_post_can_be_rescheduled_or_sent_now(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """A later time moves the send; clearing the time sends it now; no re-approval needed
    because nothing that is posted changed."""
    fake = FakeMastodon(httpserver)
    channel = _channel(httpserver, Platform.MASTODON)
    capture = django_capture_on_commit_callbacks
    when = timezone.now() + timedelta(hours=1)
    [delivery] = _approved(vetted_page, editor, reviewer, [channel], capture, scheduled_at=when)
    later = when + timedelta(days=1)
    post_update(post=delivery.post, actor=editor, texts={}, scheduled_at=later)
    syndication_sweep(now=when + timedelta(minutes=1))
    assert _reload(delivery).status == D.QUEUED and fake.posts == 0
    assert delivery.next_attempt_at == later
    with capture(execute=True):
        post_update(post=delivery.post, actor=editor, texts={}, scheduled_at=None)
    assert _reload(delivery).status == D.PUBLISHED and fake.posts == 1
