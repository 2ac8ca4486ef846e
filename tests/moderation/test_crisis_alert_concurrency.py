"""Two workers checking the same crisis alert at the same moment: each email goes out once.
Real concurrent transactions on PostgreSQL, one connection per thread."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from forums.moderation.escalation import crisis_alert_check
from forums.moderation.factories import ClinicalContactFactory
from forums.moderation.models import AlertMessage, ItemKind
from forums.moderation.services import post_hold
from portal.audit.models import AuditEvent
from tests.moderation.conftest import live_reply

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(item_id: int, now, workers: int) -> list:
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = crisis_alert_check(item_id=item_id, now=now)
        except Exception as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("workers", [2, 6])
def test_racing_checks_send_each_realert_once(require_postgresql, world, workers):
    ClinicalContactFactory(email="first@clinic.example", order=1)
    for attempt in range(3):
        post = live_reply(world, poster=world["member"], text=f"I want to end it all {attempt}")
        item = post_hold(post=post, kind=ItemKind.CRISIS)  # first round, sent on commit
        mail.outbox.clear()
        due = item.created_at + timedelta(minutes=11)
        results = _race(item.pk, due, workers)
        assert not [r for r in results if isinstance(r, Exception)], results
        assert [r.round for r in results].count("realert") == 1, results
        assert sum(len(r.sent) for r in results) == 2
        assert sorted(a for m in mail.outbox for a in m.to) == sorted(
            [world["moderator"].email, "first@clinic.example"]
        )
        assert AlertMessage.objects.filter(alert__item=item, round=2).count() == 2
        assert (
            AuditEvent.objects.filter(
                action="moderation.crisis_alert.realert", target_id=str(item.pk)
            ).count()
            == 1
        )
