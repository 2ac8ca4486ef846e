"""'Approve all channels': one action for a compliance reviewer when every gate passes,
all or nothing, refused clearly with the reasons, audited per channel."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from syndication.gates import GateRefused
from syndication.models import Approval, Delivery, DeliveryStatus, PostStatus
from syndication.services import post_approve_all, post_compose, post_submit
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_channels(vetted_page, editor, mastodon, bluesky):
    post = post_compose(source=vetted_page, actor=editor, channels=[mastodon, bluesky])
    return post_submit(post=post, actor=editor)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_reviewer_approves_every_channel_in_one_action(client, two_channels, reviewer):
    """Both channels approved and queued, one approval and one audit event per channel."""
    client.force_login(reviewer)
    screen = client.get(reverse("syndication_post", args=[two_channels.pk])).content.decode()
    assert reverse("syndication_approve_all", args=[two_channels.pk]) in screen
    response = client.post(
        reverse("syndication_approve_all", args=[two_channels.pk]), {"comment": "Fine"}
    )
    assert response.status_code == 302
    two_channels.refresh_from_db()
    assert two_channels.status == PostStatus.APPROVED
    assert set(two_channels.deliveries.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    approvals = Approval.objects.filter(delivery__post=two_channels, reviewer=reviewer)
    assert approvals.count() == 2 and {a.comment for a in approvals} == {"Fine"}
    audited = AuditEvent.objects.filter(action="syndication.approval.approved")
    assert sorted(e.data["channel"] for e in audited) == ["Bluesky", "Mastodon"]


def test_one_failing_gate_approves_nothing(client, two_channels, reviewer):
    """A banned claim on one channel: refused with the reason, no channel approved."""
    Delivery.objects.filter(post=two_channels, channel__name="Bluesky").update(
        text="A miracle cure for asthma."
    )
    with pytest.raises(GateRefused) as refused:
        post_approve_all(post=two_channels, actor=reviewer)
    assert refused.value.codes == ["banned_claim"]
    client.force_login(reviewer)
    screen = client.get(reverse("syndication_post", args=[two_channels.pk])).content.decode()
    assert "Bluesky: Banned claim: cure, miracle." in screen
    assert reverse("syndication_approve_all", args=[two_channels.pk]) not in screen
    response = client.post(reverse("syndication_approve_all", args=[two_channels.pk]))
    assert "Bluesky: Banned claim: cure, miracle." in _messages(response)
    assert not Approval.objects.exists()
    assert set(two_channels.deliveries.values_list("status", flat=True)) == {
        DeliveryStatus.AWAITING_APPROVAL
    }


def test_a_failure_on_the_last_channel_rolls_back_the_first(two_channels, reviewer, monkeypatch):
    """All or nothing: an error while approving the second channel undoes the first."""
    from syndication import services

    real_decide, calls = services._decide, []

    def decide_then_fail(**kwargs):
        calls.append(kwargs["delivery_id"])
        if len(calls) == 2:
            raise services.TransitionRefused("Simulated failure.")
        return real_decide(**kwargs)

    monkeypatch.setattr(services, "_decide", decide_then_fail)
    with pytest.raises(services.TransitionRefused):
        post_approve_all(post=two_channels, actor=reviewer)
    assert len(calls) == 2 and not Approval.objects.exists()
    assert not AuditEvent.objects.filter(action="syndication.approval.approved").exists()


def test_the_composer_may_not_approve_all(client, vetted_page, mastodon, bluesky):
    """A composer who is also a compliance reviewer is refused for every channel."""
    both = with_mfa(UserFactory(roles=[Role.EDITOR, Role.COMPLIANCE_REVIEWER]))
    post = post_submit(
        post=post_compose(source=vetted_page, actor=both, channels=[mastodon, bluesky]), actor=both
    )
    client.force_login(both)
    response = client.post(reverse("syndication_approve_all", args=[post.pk]))
    assert "Mastodon: The composer can never approve their own post." in _messages(response)
    assert not Approval.objects.exists()


def test_a_non_reviewer_may_not_approve_all(client, two_channels, editor):
    """Editors have no approval permission: refused, nothing approved."""
    client.force_login(editor)
    screen = client.get(reverse("syndication_post", args=[two_channels.pk])).content.decode()
    assert "data-approve-all" not in screen
    assert_denied(client.post(reverse("syndication_approve_all", args=[two_channels.pk])))
    with pytest.raises(GateRefused) as refused:
        post_approve_all(post=two_channels, actor=editor)
    assert set(refused.value.codes) == {"not_reviewer"}
    assert not Approval.objects.exists()


def test_approve_all_refuses_get(client, two_channels, reviewer):
    """Only a POST approves."""
    client.force_login(reviewer)
    response = client.get(reverse("syndication_approve_all", args=[two_channels.pk]))
    assert response.status_code == 405
    assert not Approval.objects.exists()
