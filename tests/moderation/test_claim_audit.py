"""Each claim is one audit event: deciding an item one already holds does not claim it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.moderation.models import ItemKind
from forums.moderation.services import item_claim, post_hold
from portal.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.helpers import form_token
from tests.moderation.conftest import live_reply

pytestmark = pytest.mark.django_db


def _claims() -> int:
    return AuditEvent.objects.filter(action="moderation.claim").count()


def _item(world):
    post = live_reply(world, poster=world["member"], text="held reply")
    return post_hold(post=post, kind=ItemKind.NEW_MEMBER)


def test_claiming_then_approving_logs_exactly_one_claim(client, world):
    """Claim button, then Approve: one claim event and one approval event."""
    item = _item(world)
    client.force_login(world["moderator"])
    client.post(reverse("moderation_claim", args=[item.pk]))
    client.post(
        reverse("moderation_decide", args=[item.pk]),
        {"decision": "approve", **form_token(client, "moderation.decide")},
    )
    assert _claims() == 1
    assert AuditEvent.objects.filter(action="moderation.approve").count() == 1


def test_deciding_without_claiming_first_logs_one_claim(client, world):
    """Approving straight from the item page claims it once, on the way."""
    item = _item(world)
    client.force_login(world["moderator"])
    client.post(
        reverse("moderation_decide", args=[item.pk]),
        {"decision": "reject", "reason": "x", **form_token(client, "moderation.decide")},
    )
    assert _claims() == 1


def test_claiming_twice_is_one_claim_but_a_takeover_is_another(world, settings):
    """A second click by the holder logs nothing; a lapsed claim taken over is a new claim."""
    item = _item(world)
    assert item_claim(item_id=item.pk, moderator=world["moderator"]) is True
    assert item_claim(item_id=item.pk, moderator=world["moderator"]) is True
    assert _claims() == 1
    later = timezone.now() + timedelta(seconds=settings.PORTAL_MODERATION_CLAIM_SECONDS + 1)
    second = with_mfa(UserFactory(roles=["Moderator"]))
    assert item_claim(item_id=item.pk, moderator=second, now=later) is True
    assert _claims() == 2
