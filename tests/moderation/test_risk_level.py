"""The risk level of a crisis item: set and changed by a moderator with what the post
shows, each setting kept and audited, shown in the queue, which sorts and filters by it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forums.moderation.models import RISK_DESCRIPTIONS, ItemKind, RiskLevel
from forums.moderation.selectors import queue_items
from forums.moderation.services import ModerationError, item_risk_set, post_hold
from portal.audit.models import AuditEvent
from tests.helpers import form_token
from tests.moderation.conftest import live_reply
from tests.moderation.crisis_helpers import crisis_item

pytestmark = pytest.mark.django_db


def test_the_risk_level_is_set_changed_and_every_change_audited(world):
    item = crisis_item(world)
    moderator = world["moderator"]
    item_risk_set(item_id=item.pk, moderator=moderator, level=RiskLevel.HIGH, factors=["plan"])
    item_risk_set(
        item_id=item.pk,
        moderator=moderator,
        level=RiskLevel.IMMINENT,
        factors=["timing", "plan", "means"],
        note="Says tonight.",
    )
    item.refresh_from_db()
    assert item.risk_level == RiskLevel.IMMINENT
    assert item.first_action_at is not None
    history = list(item.risk_assessments.values_list("level", "factors"))
    assert history == [(4, ["plan", "means", "timing"]), (3, ["plan"])]
    events = AuditEvent.objects.filter(action="moderation.risk_level", target_id=str(item.pk))
    assert [(e.data["from"], e.data["to"]) for e in events.order_by("pk")] == [(None, 3), (3, 4)]


def test_unknown_levels_factors_and_non_crisis_items_are_refused(world):
    item = crisis_item(world)
    with pytest.raises(ModerationError):
        item_risk_set(item_id=item.pk, moderator=world["moderator"], level=9)
    with pytest.raises(ModerationError):
        item_risk_set(item_id=item.pk, moderator=world["moderator"], level=1, factors=["mood"])
    post = live_reply(world, poster=world["member"], text="Demo: hello")
    other = post_hold(post=post, kind=ItemKind.NEW_MEMBER)
    with pytest.raises(ModerationError):
        item_risk_set(item_id=other.pk, moderator=world["moderator"], level=1)
    with pytest.raises(PermissionDenied):
        item_risk_set(item_id=item.pk, moderator=world["other"], level=1)
    assert not AuditEvent.objects.filter(action="moderation.risk_level").exists()


def test_the_moderator_sees_each_level_with_its_description_and_sets_it(client, world):
    item = crisis_item(world)
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    for description in RISK_DESCRIPTIONS.values():
        assert description in page
    response = client.post(
        reverse("moderation_risk", args=[item.pk]),
        {"level": "2", "factors": ["ideation"], **form_token(client, "moderation.risk")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.risk_level == RiskLevel.MODERATE
    missing = client.post(
        reverse("moderation_risk", args=[item.pk]), form_token(client, "moderation.risk")
    )
    assert missing.status_code == 400
    assert 'role="alert"' in missing.content.decode()


def test_the_queue_shows_sorts_and_filters_by_risk(client, world):
    low = crisis_item(world, text="Demo: low")
    imminent = crisis_item(world, text="Demo: imminent")
    unassessed = crisis_item(world, text="Demo: unassessed")
    post = live_reply(world, poster=world["member"], text="Demo: hello")
    ordinary = post_hold(post=post, kind=ItemKind.NEW_MEMBER)
    item_risk_set(item_id=low.pk, moderator=world["moderator"], level=RiskLevel.LOW)
    item_risk_set(item_id=imminent.pk, moderator=world["moderator"], level=RiskLevel.IMMINENT)
    by_risk = [item.pk for item in queue_items(sort="risk")]
    assert by_risk == [imminent.pk, unassessed.pk, low.pk, ordinary.pk]
    assert [item.pk for item in queue_items(risk=str(RiskLevel.LOW))] == [low.pk]
    assert [item.pk for item in queue_items(risk="unassessed")] == [unassessed.pk]
    client.force_login(world["moderator"])
    html = client.get(reverse("moderation_queue") + "?sort=risk").content.decode()
    assert html.index(f'data-item="{imminent.pk}"') < html.index(f'data-item="{low.pk}"')
    assert "Imminent" in html and "Not assessed" in html
    filtered = client.get(reverse("moderation_queue") + "?risk=4").content.decode()
    assert f'data-item="{imminent.pk}"' in filtered
    assert f'data-item="{low.pk}"' not in filtered
