"""An uncertain signal is never silently published (issue 14 point 3): a post the screening
rates below crisis but above concern is held as a medium-priority item, the member sees
gentle support resources (not the urgent crisis page), and no on-call alert goes out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.moderation.models import URGENCY, ItemKind, ModerationItem
from forums.moderation.services import post_hold
from portal.screening import services as screening
from portal.screening.detectors import Match
from portal.screening.services import Decision, ScreeningResult, Verdict, member_verdict
from tests.moderation.conftest import live_reply, reply_url, send

pytestmark = pytest.mark.django_db

TEXT = "Lately it all feels a bit pointless, I keep going but I am not sure why."
SUPPORT = reverse("moderation_support_help")


def _concern(*, phi: bool = False) -> ScreeningResult:
    matches = [Match("phone", 0, 3, "555")] if phi else []
    return ScreeningResult(decision=Decision.CONCERN, phi=matches, crisis=["pointless"])


@pytest.fixture
def concern_screening(monkeypatch):
    """Screening rates this one text as concern (the detector's thresholds are tested in
    tests/screening; here, what the groups do with the verdict)."""
    real = screening.screen_text

    def screen(text, **kwargs):
        return _concern() if text == TEXT else real(text, **kwargs)

    monkeypatch.setattr("forums.moderation.screening.screen_text", screen)


@pytest.mark.parametrize(
    ("result", "blocked", "verdict"),
    [
        (_concern(), False, Verdict.CONCERN),
        (_concern(phi=True), False, Verdict.CONCERN),  # held, the member is not asked to edit
        (_concern(), True, Verdict.BLOCK),
        (ScreeningResult(decision=Decision.CRISIS), True, Verdict.CRISIS),
    ],
)
def test_a_concern_verdict_ranks_below_crisis_and_blocked_words(result, blocked, verdict):
    assert (
        member_verdict(result=result, blocked=blocked, held_words=True, phi_confirmed=False)
        == verdict
    )


def test_a_concern_post_is_held_and_the_member_sees_gentle_support(
    client, world, concern_screening, django_capture_on_commit_callbacks
):
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, reply_url(world), TEXT)
    assert response.status_code == 302
    assert response["Location"] == SUPPORT
    page = client.get(SUPPORT).content.decode()
    assert "Thank you for sharing this" in page
    assert "988" in page
    post = Post.objects.get(content=TEXT)
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert (item.kind, item.urgency) == (ItemKind.CONCERN, URGENCY[ItemKind.CONCERN])
    assert item.alerted_at is None
    assert not [m for m in mail.outbox if "URGENT" in m.subject]


def test_a_concern_post_is_not_shown_to_other_members(client, world, concern_screening):
    client.force_login(world["member"])
    send(client, reply_url(world), TEXT)
    client.force_login(world["other"])
    topic = world["topic"]
    url = reverse(
        "forum_conversation:topic",
        args=[world["forum"].slug, world["forum"].pk, topic.slug, topic.pk],
    )
    assert TEXT not in client.get(url).content.decode()


def test_the_queue_puts_concern_after_crisis_and_before_personal_information(world):
    items = {}
    for kind, text in ((ItemKind.PHI, "phi"), (ItemKind.CONCERN, "c"), (ItemKind.CRISIS, "x")):
        post = live_reply(world, poster=world["member"], text=text)
        items[kind] = post_hold(post=post, kind=kind, findings={})
    assert URGENCY[ItemKind.CRISIS] < URGENCY[ItemKind.CONCERN] < URGENCY[ItemKind.PHI], (
        "medium priority"
    )
    ordered = list(ModerationItem.objects.order_by("urgency", "created_at"))
    assert [i.kind for i in ordered] == [ItemKind.CRISIS, ItemKind.CONCERN, ItemKind.PHI]


def test_the_moderator_sees_why_screening_held_a_post(client, world):
    text = "Nobody would even notice if I stopped coming here, I feel completely alone."
    client.force_login(world["member"])
    send(client, reply_url(world), text)
    item = ModerationItem.objects.get(post__content=text)
    assert item.kind in (ItemKind.CONCERN, ItemKind.CRISIS)
    assert item.findings["explanation"]
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Why screening held it" in page
