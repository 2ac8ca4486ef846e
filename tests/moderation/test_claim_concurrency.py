"""Two (or eight) moderators claiming the same item at the same moment: exactly one wins.
Real concurrent transactions on PostgreSQL, one connection per thread."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from forums.moderation.models import ItemKind, ModerationItem
from forums.moderation.services import item_approve, item_claim, post_hold
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.moderation.conftest import live_reply

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(item_id: int, moderators, action) -> list:
    barrier = threading.Barrier(len(moderators))
    results: list = [None] * len(moderators)

    def run(index: int, moderator) -> None:
        try:
            with transaction.atomic():
                # Each transaction has started before any claim is made.
                connection.cursor().execute("SELECT 1")
                barrier.wait(timeout=10)
                results[index] = action(item_id, moderator)
        except Exception as error:  # the loser's refusal is a result too
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, moderator))
        for index, moderator in enumerate(moderators)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("moderators", [2, 8])
def test_claim_concurrency_exactly_one_moderator_wins(require_postgresql, world, moderators):
    team = [world["moderator"]] + [
        with_mfa(UserFactory(roles=["Moderator"])) for _ in range(moderators - 1)
    ]
    for attempt in range(5):
        post = live_reply(world, poster=world["member"], text=f"held {attempt}")
        item = post_hold(post=post, kind=ItemKind.PHI)
        results = _race(
            item.pk,
            team,
            lambda item_id, moderator: item_claim(item_id=item_id, moderator=moderator),
        )
        assert results.count(True) == 1, results
        assert results.count(False) == moderators - 1, results
        winner = team[results.index(True)]
        assert ModerationItem.objects.get(pk=item.pk).claimed_by == winner


def test_claim_concurrency_two_approvals_decide_once(require_postgresql, world):
    second = with_mfa(UserFactory(roles=["Moderator"]))
    post = live_reply(world, poster=world["member"], text="held")
    item = post_hold(post=post, kind=ItemKind.PHI)
    results = _race(
        item.pk,
        [world["moderator"], second],
        lambda item_id, moderator: item_approve(item_id=item_id, moderator=moderator),
    )
    decided = [r for r in results if isinstance(r, ModerationItem)]
    assert len(decided) == 1, results
    assert ModerationItem.objects.get(pk=item.pk).resolved_by == decided[0].resolved_by
