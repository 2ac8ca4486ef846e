"""Every review gate, enforced in the services: refusals and the transitions they guard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.audit.models import AuditEvent
from syndication.factories import ChannelFactory
from syndication.gates import GateRefused
from syndication.models import Approval, DeliveryStatus, PostStatus, StepMode
from syndication.services import (
    TransitionRefused,
    delivery_decide,
    post_cancel,
    post_compose,
    post_submit,
    post_update,
)
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa

pytestmark = pytest.mark.django_db


def _refused(codes_expected: str, call, *args, **kwargs) -> GateRefused:
    with pytest.raises(GateRefused) as raised:
        call(*args, **kwargs)
    assert codes_expected in raised.value.codes, raised.value.codes
    return raised.value


def _delivery(post):
    return post.deliveries.get()


def test_compose_prefills_text_from_the_summary_and_tracks_the_link(vetted_page, draft):
    """Each channel's text starts from the page summary; the link carries our UTM tags."""
    delivery = _delivery(draft)
    assert delivery.text == "Living with asthma: Know your triggers."
    assert delivery.link.startswith(vetted_page.full_url + "?")
    assert f"utm_campaign=synd-{draft.pk}" in delivery.link
    assert draft.status == PostStatus.DRAFT
    assert draft.source_revision_id == vetted_page.live_revision_id


def test_forum_content_can_never_be_syndicated(editor, mastodon, db):
    """A support-group post or topic is refused outright."""
    from machina.apps.forum.models import Forum

    forum = Forum.objects.create(name="Asthma group", type=Forum.FORUM_POST)
    _refused("forum_content", post_compose, source=forum, actor=editor, channels=[mastodon])


def test_unreviewed_page_is_refused(site_pages, editor, mastodon):
    """A live page that never went through the review workflow is not vetted."""
    from education.factories import EducationIndexPageFactory, EducationPageFactory

    library = EducationIndexPageFactory(parent=site_pages["home"])
    page = EducationPageFactory(parent=library)
    page.save_revision().publish()
    _refused("not_vetted", post_compose, source=page, actor=editor, channels=[mastodon])


def test_draft_page_is_refused(vetted_page, editor, mastodon):
    """A page that is not live cannot be shared."""
    vetted_page.unpublish()
    _refused("not_live", post_compose, source=vetted_page, actor=editor, channels=[mastodon])


def test_stale_medical_review_is_refused_at_compose_and_submit(vetted_page, draft, editor):
    """An overdue medical review blocks composing and submitting."""
    from education.models import MedicalReview

    MedicalReview.objects.filter(page=vetted_page).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )
    channel = draft.deliveries.get().channel
    _refused(
        "review_not_current", post_compose, source=vetted_page, actor=editor, channels=[channel]
    )
    _refused("review_not_current", post_submit, post=draft, actor=editor)
    draft.refresh_from_db()
    assert draft.status == PostStatus.DRAFT


def test_phi_in_the_text_is_refused(draft, editor):
    """The screening service's PHI detection blocks submission."""
    channel_id = _delivery(draft).channel_id
    post_update(post=draft, actor=editor, texts={channel_id: "Call Jane at 555-867-5309 today."})
    error = _refused("phi", post_submit, post=draft, actor=editor)
    assert "Phone number" in str(error)  # the kind as people read it


def test_phi_in_the_image_alt_text_is_refused(draft, editor):
    """Alt text is screened too."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="x", file=get_test_image_file())
    channel_id = _delivery(draft).channel_id
    post_update(
        post=draft,
        actor=editor,
        texts={channel_id: "Asthma tips."},
        image=image,
        image_alt="Patient record MRN 12345678 on a desk",
    )
    _refused("phi", post_submit, post=draft, actor=editor)


@pytest.mark.parametrize("claim", ["This inhaler is a miracle", "Guaranteed relief", "CURE asthma"])
def test_banned_claims_are_refused(draft, editor, claim):
    """Words from the configurable banned-claims list block submission."""
    post_update(post=draft, actor=editor, texts={_delivery(draft).channel_id: claim})
    _refused("banned_claim", post_submit, post=draft, actor=editor)


def test_banned_claims_list_is_configurable(draft, editor, settings):
    """The list comes from PORTAL_SYNDICATION_BANNED_CLAIMS."""
    settings.PORTAL_SYNDICATION_BANNED_CLAIMS = ("breakthrough",)
    post_update(post=draft, actor=editor, texts={_delivery(draft).channel_id: "A breakthrough!"})
    _refused("banned_claim", post_submit, post=draft, actor=editor)
    post_update(post=draft, actor=editor, texts={_delivery(draft).channel_id: "A cure."})
    assert post_submit(post=draft, actor=editor).status == PostStatus.AWAITING_APPROVAL


def test_a_link_that_does_not_lead_to_the_live_page_is_refused(draft, editor):
    """The link must resolve to the source page itself."""
    delivery = _delivery(draft)
    delivery.link = "https://elsewhere.example/asthma?utm_medium=social"
    delivery.save()
    _refused("link_mismatch", post_submit, post=draft, actor=editor)


def test_text_over_the_platform_limit_is_refused(draft, editor):
    """Mastodon allows 500 characters."""
    post_update(post=draft, actor=editor, texts={_delivery(draft).channel_id: "a" * 490})
    _refused("too_long", post_submit, post=draft, actor=editor)


def test_submit_moves_draft_to_awaiting_approval_and_audits(submitted):
    """Submitting is a transition of the post and of each delivery, each audited."""
    assert submitted.status == PostStatus.AWAITING_APPROVAL
    assert _delivery(submitted).status == DeliveryStatus.AWAITING_APPROVAL
    actions = set(
        AuditEvent.objects.filter(target_id=str(submitted.pk)).values_list("action", flat=True)
    )
    assert {
        "syndication.post.awaiting_approval",
        "syndication.delivery.awaiting_approval",
    } <= actions


def test_composer_can_never_approve_their_own_post(submitted, editor):
    """Self-approval is refused, even for a composer who also holds the compliance role."""
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Compliance reviewer"))
    _refused(
        "self_approval", delivery_decide, delivery=_delivery(submitted), actor=editor, approve=True
    )


def test_only_compliance_reviewers_approve(submitted):
    """An editor who did not compose the post still cannot approve."""
    other_editor = with_mfa(UserFactory(roles=["Editor"]))
    _refused(
        "not_reviewer",
        delivery_decide,
        delivery=_delivery(submitted),
        actor=other_editor,
        approve=True,
    )


def test_approval_by_a_reviewer_queues_the_post(
    submitted, reviewer, django_capture_on_commit_callbacks
):
    """One approval satisfies the default 'any one compliance reviewer' step."""
    delivery = _delivery(submitted)
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    submitted.refresh_from_db()
    delivery.refresh_from_db()
    assert submitted.status == PostStatus.APPROVED
    assert delivery.status == DeliveryStatus.QUEUED


def test_all_of_step_needs_every_named_reviewer(vetted_page, editor, reviewer, compliance_user):
    """An 'all of' step waits for each of its reviewers."""
    channel = ChannelFactory(steps=[(StepMode.ALL, [reviewer, compliance_user])])
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[channel]), actor=editor
    )
    delivery = _delivery(post)
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.AWAITING_APPROVAL
    _refused("already_approved", delivery_decide, delivery=delivery, actor=reviewer, approve=True)
    delivery_decide(delivery=delivery, actor=compliance_user, approve=True)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED


def test_steps_run_in_order_with_different_reviewers(
    vetted_page, editor, reviewer, compliance_user
):
    """Two 'any of' steps: the same person cannot satisfy both; outsiders are refused."""
    outsider = with_mfa(UserFactory(roles=["Compliance reviewer"]))
    channel = ChannelFactory(
        steps=[(StepMode.ANY, [reviewer]), (StepMode.ANY, [reviewer, compliance_user])]
    )
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[channel]), actor=editor
    )
    delivery = _delivery(post)
    _refused("not_reviewer", delivery_decide, delivery=delivery, actor=outsider, approve=True)
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    _refused("same_reviewer", delivery_decide, delivery=delivery, actor=reviewer, approve=True)
    delivery_decide(delivery=delivery, actor=compliance_user, approve=True)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED


def test_edit_after_approval_voids_it(vetted_page, editor, reviewer, compliance_user):
    """Changing the text after one approval voids it; the post goes back to draft."""
    channel = ChannelFactory(steps=[(StepMode.ALL, [reviewer, compliance_user])])
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[channel]), actor=editor
    )
    delivery = _delivery(post)
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    post_update(post=post, actor=editor, texts={channel.pk: "Asthma: know your triggers."})
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
    approval = Approval.objects.get(delivery=delivery)
    assert approval.voided_at is not None and "Edited" in approval.void_reason
    post_submit(post=post, actor=editor)
    delivery_decide(delivery=delivery, actor=compliance_user, approve=True)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.AWAITING_APPROVAL, "the voided approval must not count"


def test_edit_of_an_approved_post_voids_the_approval(submitted, editor, reviewer):
    """Even a fully approved, queued post returns to draft when its text changes."""
    delivery = _delivery(submitted)
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    post_update(post=submitted, actor=editor, texts={delivery.channel_id: "New words."})
    delivery.refresh_from_db()
    submitted.refresh_from_db()
    assert (submitted.status, delivery.status) == (PostStatus.DRAFT, DeliveryStatus.DRAFT)


def test_new_source_revision_voids_the_approval(submitted, reviewer, vetted_page, editor):
    """Publishing a new revision of the page voids approvals bound to the old one."""
    delivery = _delivery(submitted)
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    vetted_page.save_revision(user=editor).publish()
    submitted.refresh_from_db()
    assert submitted.status == PostStatus.DRAFT
    assert Approval.objects.get(delivery=delivery).voided_at is not None


def test_new_source_revision_is_refused_at_approval(submitted, reviewer, vetted_page):
    """An approval cannot bind to a revision that is no longer live."""
    from wagtail.models import Page

    revision = vetted_page.save_revision()
    Page.objects.filter(pk=vetted_page.pk).update(live_revision=revision)
    _refused(
        "source_changed",
        delivery_decide,
        delivery=_delivery(submitted),
        actor=reviewer,
        approve=True,
    )


def test_approval_expires_at_the_scheduled_time(draft, editor, reviewer):
    """An approval that has not happened by the scheduled time expires."""
    post_update(
        post=draft,
        actor=editor,
        texts={},
        scheduled_at=timezone.now() + timedelta(minutes=5),
    )
    post_submit(post=draft, actor=editor)
    type(draft).objects.filter(pk=draft.pk).update(
        scheduled_at=timezone.now() - timedelta(minutes=1)
    )
    _refused(
        "approval_expired", delivery_decide, delivery=_delivery(draft), actor=reviewer, approve=True
    )
    draft.refresh_from_db()
    assert draft.status == PostStatus.EXPIRED


def test_submitting_with_a_past_schedule_is_refused(draft, editor):
    """A schedule in the past must be changed first."""
    post_update(post=draft, actor=editor, texts={}, scheduled_at=timezone.now() - timedelta(1))
    _refused("schedule_past", post_submit, post=draft, actor=editor)


def test_changes_requested_send_the_post_back_to_draft(submitted, reviewer):
    """A reviewer asking for changes returns the post to the composer."""
    delivery_decide(delivery=_delivery(submitted), actor=reviewer, approve=False, comment="Softer")
    submitted.refresh_from_db()
    assert submitted.status == PostStatus.DRAFT
    assert "Softer" in submitted.status_reason


def test_invalid_transitions_are_refused(submitted, editor, reviewer):
    """Submitting twice, approving a draft, or cancelling a cancelled post are refused."""
    with pytest.raises(TransitionRefused):
        post_submit(post=submitted, actor=editor)
    post_cancel(post=submitted, actor=editor)
    with pytest.raises(TransitionRefused):
        post_cancel(post=submitted, actor=editor)
    with pytest.raises(TransitionRefused):
        delivery_decide(delivery=_delivery(submitted), actor=reviewer, approve=True)
    with pytest.raises(TransitionRefused):
        post_update(post=submitted, actor=editor, texts={})


def test_disabled_channels_cannot_be_chosen(vetted_page, editor):
    """Composing for a disabled channel is refused."""
    channel = ChannelFactory(enabled=False)
    _refused("channel_disabled", post_compose, source=vetted_page, actor=editor, channels=[channel])
