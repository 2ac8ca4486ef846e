"""The moderators' dashboard (open items by kind, time to first action, crisis times) and a
member's history and private notes beside the queue item."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.moderation.models import ItemKind, ModerationItem, ModeratorNote
from forums.moderation.selectors import member_history, moderation_metrics
from forums.moderation.services import (
    ModerationError,
    item_reject,
    member_note_add,
    post_hold,
    post_report,
)
from tests.moderation.conftest import live_reply

pytestmark = pytest.mark.django_db


def _item(world, kind, *, created_ago: timedelta, acted_after: timedelta | None, **extra):
    post = live_reply(world, poster=world["member"], text="text")
    item = post_hold(post=post, kind=kind)
    created = timezone.now() - created_ago
    ModerationItem.objects.filter(pk=item.pk).update(
        created_at=created,
        first_action_at=created + acted_after if acted_after is not None else None,
        **extra,
    )
    return item


def test_metrics_count_open_items_and_time_to_first_action(world):
    minute = timedelta(minutes=1)
    for minutes in (1, 2, 3, 4, 100):  # last 7 days: median 3, p90 100
        _item(world, ItemKind.PHI, created_ago=timedelta(days=1), acted_after=minutes * minute)
    _item(world, ItemKind.WATCHED, created_ago=timedelta(days=20), acted_after=50 * minute)
    _item(world, ItemKind.NEW_MEMBER, created_ago=timedelta(days=1), acted_after=None)
    alerted = timezone.now() - timedelta(hours=1)
    _item(
        world,
        ItemKind.CRISIS,
        created_ago=timedelta(hours=1),
        acted_after=timedelta(minutes=4),
        alerted_at=alerted,
        post_created_at=alerted - timedelta(seconds=2),
    )
    metrics = moderation_metrics()
    open_counts = dict(metrics["open"])
    assert open_counts["New member"] == 1
    assert open_counts["Crisis"] == 1
    week, month = metrics["response"]
    assert (week.days, week.count) == (7, 6)
    assert week.median_minutes == pytest.approx(3.5)
    assert week.p90_minutes == pytest.approx(100)
    assert (month.days, month.count) == (30, 7)
    assert metrics["crisis"]["count"] == 1
    assert metrics["crisis"]["alert_to_action_median_minutes"] == pytest.approx(4, abs=0.1)
    assert metrics["crisis"]["post_to_alert_median_seconds"] == pytest.approx(2, abs=0.1)


def test_the_dashboard_shows_the_metrics(client, world):
    _item(world, ItemKind.PHI, created_ago=timedelta(hours=2), acted_after=timedelta(minutes=6))
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_queue")).content.decode()
    assert "Time to first action" in html
    assert "6.0 min" in html


def test_member_history_and_notes_sit_beside_the_item(client, world):
    held = _item(world, ItemKind.PHI, created_ago=timedelta(hours=1), acted_after=None)
    rejected = _item(world, ItemKind.WATCHED, created_ago=timedelta(hours=2), acted_after=None)
    item_reject(item_id=rejected.pk, moderator=world["moderator"], reason="Spam")
    post_report(
        post=live_reply(world, poster=world["member"], text="x"),
        reporter=world["other"],
        category="spam",
    )
    member_note_add(
        member=world["member"], moderator=world["moderator"], body="Talked by email; kind."
    )
    history = member_history(member=world["member"])
    assert (history.held, history.rejected, history.reported) == (2, 1, 1)
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_item", args=[held.pk])).content.decode()
    assert "Talked by email; kind." in html
    assert "Posts rejected: 1" in html


def test_notes_are_for_moderators_only(client, world):
    client.force_login(world["member"])
    response = client.post(
        reverse("moderation_member", args=[world["other"].pk]), {"action": "note", "body": "x"}
    )
    assert response.status_code == 404
    assert not ModeratorNote.objects.exists()
    with pytest.raises(ModerationError):
        member_note_add(member=world["other"], moderator=world["moderator"], body="  ")


def test_going_on_and_off_call_is_audited(client, world):
    from forums.moderation.models import OnCallModerator
    from portal.audit.models import AuditEvent

    client.force_login(world["moderator"])
    client.post(reverse("moderation_on_call"), {"on_call": "0"})
    assert not OnCallModerator.objects.filter(user=world["moderator"]).exists()
    client.post(reverse("moderation_on_call"), {"on_call": "1"})
    assert OnCallModerator.objects.filter(user=world["moderator"]).exists()
    actions = list(
        AuditEvent.objects.filter(actor=world["moderator"], action__endswith="_call")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["moderation.off_call", "moderation.on_call"]


def test_moderators_manage_watched_words_in_the_admin(client, world):
    from forums.moderation.models import WatchedWord

    client.force_login(world["moderator"])
    listing = client.get(reverse("wagtailsnippets_moderation_watchedword:list"))
    assert listing.status_code == 200
    response = client.post(
        reverse("wagtailsnippets_moderation_watchedword:add"),
        {"pattern": "(broken", "is_regex": "on", "action": "hold", "message": ""},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "not a valid regular expression" in response.content.decode()
    client.post(
        reverse("wagtailsnippets_moderation_watchedword:add"),
        {"pattern": "spam link", "action": "hold", "message": ""},
    )
    assert WatchedWord.objects.filter(pattern="spam link").exists()
    client.force_login(world["member"])
    denied = client.get(reverse("wagtailsnippets_moderation_watchedword:list"))
    assert denied.status_code in (302, 403)


def test_moderators_find_the_queue_from_the_groups_index(client, world):
    _item(world, ItemKind.PHI, created_ago=timedelta(minutes=5), acted_after=None)
    client.force_login(world["moderator"])
    html = client.get(reverse("groups_index")).content.decode()
    assert "Moderation queue (1 open)" in html
    client.force_login(world["member"])
    assert "Moderation queue" not in client.get(reverse("groups_index")).content.decode()
