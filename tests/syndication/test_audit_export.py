"""Every transition is in the audit log, and compliance exports a post's full history
and a date range as CSV (protected against formula injection)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from syndication.factories import ChannelFactory
from syndication.models import Platform
from syndication.services import delivery_decide, post_compose, post_submit, post_update
from tests.helpers import assert_denied
from tests.syndication.fakes import FakeMastodon

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def published_post(httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks):
    """Composed, edited after a request for changes, approved, failed once (429), sent."""
    fake = FakeMastodon(httpserver)
    fake.faults.queue.append((429, {"Retry-After": "1"}, {"error": "slow down"}))
    channel = ChannelFactory(platform=Platform.MASTODON, base_url=httpserver.url_for("/")[:-1])
    post = post_compose(source=vetted_page, actor=editor, channels=[channel])
    post_submit(post=post, actor=editor)
    delivery = post.deliveries.get()
    delivery_decide(delivery=delivery, actor=reviewer, approve=False, comment="=HYPERLINK(1)")
    post_update(post=post, actor=editor, texts={channel.pk: "Asthma triggers, explained."})
    post_submit(post=post, actor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    from syndication.sweep import syndication_sweep

    syndication_sweep(now=timezone.now() + timedelta(seconds=60))
    delivery.refresh_from_db()
    assert delivery.status == "published"
    return post


EXPECTED_DELIVERY_CHAIN = [
    ("draft", "awaiting_approval"),
    ("awaiting_approval", "draft"),  # changes requested
    ("draft", "awaiting_approval"),
    ("awaiting_approval", "approved"),
    ("approved", "queued"),
    ("queued", "sending"),
    ("sending", "retry_wait"),  # 429
    ("retry_wait", "sending"),
    ("sending", "published"),
]


def test_every_transition_is_audited_with_who_hash_and_remote_link(published_post, editor):
    """From-state, to-state, actor, content hash; the last one has the remote id and URL."""
    events = AuditEvent.objects.filter(
        target_id=str(published_post.pk), action__startswith="syndication.delivery."
    ).order_by("occurred_at", "id")
    assert [(e.data["from"], e.data["to"]) for e in events] == EXPECTED_DELIVERY_CHAIN
    assert all(len(e.data["content_hash"]) == 64 for e in events)
    assert events.first().actor_id == editor.pk
    last = events.last()
    assert last.actor_id is None and last.data["remote_url"].startswith("https://social.example/")
    assert last.data["remote_id"] == "100"
    post_chain = [
        (e.data["from"], e.data["to"])
        for e in AuditEvent.objects.filter(
            target_id=str(published_post.pk), action__startswith="syndication.post."
        ).order_by("occurred_at", "id")
        if "from" in e.data
    ]
    assert post_chain == [
        ("draft", "awaiting_approval"),
        ("awaiting_approval", "draft"),
        ("draft", "awaiting_approval"),
        ("awaiting_approval", "approved"),
        ("approved", "sending"),
        ("sending", "published"),
    ]


def test_csv_export_holds_every_transition_of_the_post(client, published_post, compliance_user):
    """The post's CSV has one row per audit event, every transition included."""
    client.force_login(compliance_user)
    response = client.get(reverse("syndication_history_csv", args=[published_post.pk]))
    rows = _rows(response)
    events = AuditEvent.objects.filter(
        target_id=str(published_post.pk), target_type="syndication.syndicationpost"
    )
    assert {int(r["id"]) for r in rows} == set(events.values_list("id", flat=True))
    assert rows[-1]["action"] == "syndication.exported"  # the export itself is on record
    chain = [
        (json.loads(r["data"])["from"], json.loads(r["data"])["to"])
        for r in rows
        if r["action"].startswith("syndication.delivery.")
    ]
    assert chain == EXPECTED_DELIVERY_CHAIN
    actions = {r["action"] for r in rows}
    assert {"syndication.post.composed", "syndication.approval.rejected"} <= actions
    assert {"syndication.approval.approved", "syndication.post.edited"} <= actions


def test_csv_cells_cannot_become_formulas(client, published_post, compliance_user):
    """A comment starting with '=' is exported inert."""
    client.force_login(compliance_user)
    rows = _rows(client.get(reverse("syndication_history_csv", args=[published_post.pk])))
    rejected = next(r for r in rows if r["action"] == "syndication.approval.rejected")
    assert not rejected["data"].startswith("=")
    assert "=HYPERLINK(1)" in rejected["data"]
    assert AuditEvent.objects.filter(action="syndication.exported").count() == 1


def test_date_range_export_has_only_syndication_events_of_those_days(
    client, published_post, compliance_user
):
    """A range export covers the chosen days, syndication only."""
    client.force_login(compliance_user)
    today = timezone.localdate().isoformat()
    rows = _rows(client.get(reverse("syndication_export"), {"since": today, "until": today}))
    assert rows and all(r["target_type"] == "syndication.syndicationpost" for r in rows)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert _rows(client.get(reverse("syndication_export"), {"until": yesterday})) == []


def test_editors_cannot_export(client, published_post, editor):
    """Exporting is for compliance reviewers and administrators."""
    client.force_login(editor)
    assert_denied(client.get(reverse("syndication_history_csv", args=[published_post.pk])))
    assert_denied(client.get(reverse("syndication_export")))
