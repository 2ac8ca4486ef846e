"""Time to outreach on the moderators' dashboard: from the hold to the first message of
concern (or escalation), median and slowest over 30 days, and each open crisis item nobody
has reached yet with how long it has waited; the queries do not grow with the items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.moderation.models import ModerationItem
from forums.moderation.selectors import outreach_times
from forums.moderation.services import outreach_mark
from tests.helpers import count_queries
from tests.moderation.crisis_helpers import crisis_item

pytestmark = pytest.mark.django_db


def _crisis(world, *, held_ago: timedelta, reached_after: timedelta | None = None):
    item = crisis_item(world, text=f"Demo crisis {held_ago}")
    held = timezone.now() - held_ago
    ModerationItem.objects.filter(pk=item.pk).update(created_at=held)
    if reached_after is not None:
        outreach_mark(item_id=item.pk, now=held + reached_after)
    return item


def test_median_and_slowest_time_to_outreach_and_who_is_still_waiting(world):
    for minutes in (2, 4, 30):
        _crisis(world, held_ago=timedelta(hours=2), reached_after=timedelta(minutes=minutes))
    _crisis(world, held_ago=timedelta(days=40), reached_after=timedelta(minutes=500))  # too old
    waiting = _crisis(world, held_ago=timedelta(minutes=17))
    times = outreach_times()
    assert times.count == 3
    assert times.median_minutes == pytest.approx(4)
    assert times.slowest_minutes == pytest.approx(30)
    assert [(row.pk, row.waiting_minutes) for row in times.waiting] == [(waiting.pk, 17)]
    assert times.waiting_total == 1


def test_the_first_outreach_is_kept_when_someone_reaches_out_again(world):
    item = _crisis(world, held_ago=timedelta(hours=1), reached_after=timedelta(minutes=5))
    outreach_mark(item_id=item.pk)
    assert outreach_times().slowest_minutes == pytest.approx(5)


def test_the_dashboard_shows_time_to_outreach_and_waiting_minutes(client, world):
    _crisis(world, held_ago=timedelta(hours=1), reached_after=timedelta(minutes=6))
    waiting = _crisis(world, held_ago=timedelta(minutes=12))
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_queue")).content.decode()
    assert "Time to outreach" in html
    assert "median 6.0 min" in html
    assert f"Crisis item {waiting.pk}</a> (Not assessed): <strong>waiting 12 min" in html


def test_time_to_outreach_takes_the_same_queries_however_many_items(
    world, django_assert_num_queries
):
    _crisis(world, held_ago=timedelta(hours=1), reached_after=timedelta(minutes=3))
    _crisis(world, held_ago=timedelta(minutes=5))
    with django_assert_num_queries(3):
        outreach_times()
    for index in range(8):
        _crisis(world, held_ago=timedelta(hours=index + 2), reached_after=timedelta(minutes=index))
        _crisis(world, held_ago=timedelta(minutes=index + 20))
    with django_assert_num_queries(3):
        times = outreach_times()
    assert (times.count, times.waiting_total) == (9, 9)


def test_the_queue_page_queries_do_not_grow_with_crisis_items(client, world):
    client.force_login(world["moderator"])
    _crisis(world, held_ago=timedelta(minutes=5))
    few = count_queries(client, reverse("moderation_queue"))
    for index in range(6):
        _crisis(world, held_ago=timedelta(minutes=index + 10), reached_after=timedelta(minutes=1))
        _crisis(world, held_ago=timedelta(minutes=index + 30))
    assert count_queries(client, reverse("moderation_queue")) == few
