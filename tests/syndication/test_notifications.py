"""Syndication emails: reviewers who may approve the current step are asked (never the
composer); the composer hears approval, changes requested, publication and failures; no
social text in any email; a failed email loses nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.audit.models import AuditEvent
from portal.notifications.services import preferences_update
from syndication.factories import ChannelFactory
from syndication.models import DeliveryStatus, Platform, PostStatus, StepMode
from syndication.services import delivery_decide, post_compose, post_submit
from tests.notifications.email_checks import assert_safe_email, sent_to
from tests.syndication.fakes import CountingEndpoint, FakeMastodon

pytestmark = pytest.mark.django_db

SOCIAL_TEXT = "Canarysocial know your asthma triggers"


def _compose(page, editor, channels):
    return post_compose(
        source=page,
        actor=editor,
        channels=channels,
        texts={channel.pk: SOCIAL_TEXT for channel in channels},
    )


def _run(capture, action):
    mail.outbox.clear()
    with capture(execute=True):
        result = action()
    return result, list(mail.outbox)


def test_submitting_asks_every_compliance_reviewer_but_never_the_composer(
    vetted_page, editor, reviewer, compliance_user, mastodon, django_capture_on_commit_callbacks
):
    """No step reviewers chosen: every active compliance reviewer is asked, once, with a
    link to the post; the composer is not, even when they also hold the reviewer role."""
    editor.groups.add(reviewer.groups.get())
    post = _compose(vetted_page, editor, [mastodon])
    _, sent = _run(django_capture_on_commit_callbacks, lambda: post_submit(post=post, actor=editor))
    assert sorted(message.to[0] for message in sent) == sorted(
        [reviewer.email, compliance_user.email]
    )
    for message in sent:
        assert message.subject == "A social post is waiting for your approval"
        assert f"/admin/syndication/{post.pk}/" in message.body
        assert "Mastodon" in message.body
        assert_safe_email(message, forbidden=(SOCIAL_TEXT,))


def test_chosen_reviewers_are_asked_step_by_step(
    vetted_page, editor, reviewer, compliance_user, django_capture_on_commit_callbacks
):
    """Only the first step's reviewer at submission; the second step's once it is
    current, and not the reviewer who already approved."""
    channel = ChannelFactory(
        steps=[(StepMode.ANY, [reviewer]), (StepMode.ANY, [reviewer, compliance_user])]
    )
    post = _compose(vetted_page, editor, [channel])
    _, sent = _run(django_capture_on_commit_callbacks, lambda: post_submit(post=post, actor=editor))
    assert [message.to for message in sent] == [[reviewer.email]]
    delivery = post.deliveries.get()
    _, sent = _run(
        django_capture_on_commit_callbacks,
        lambda: delivery_decide(delivery=delivery, actor=reviewer, approve=True),
    )
    assert [message.to for message in sent] == [[compliance_user.email]]


def test_the_composer_hears_approval_and_publication(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    FakeMastodon(httpserver)
    channel = ChannelFactory(platform=Platform.MASTODON, base_url=httpserver.url_for("/"))
    post = _compose(vetted_page, editor, [channel])
    post_submit(post=post, actor=editor)
    _, sent = _run(
        django_capture_on_commit_callbacks,
        lambda: delivery_decide(delivery=post.deliveries.get(), actor=reviewer, approve=True),
    )
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    subjects = [message.subject for message in sent_to(sent, editor)]
    assert "Your social post was approved" in subjects
    assert "Your social post was published" in subjects
    for message in sent:
        assert_safe_email(message, forbidden=(SOCIAL_TEXT,))
    assert sent_to(sent, reviewer) == []


def test_a_failure_reaches_a_composer_who_unsubscribed_but_good_news_does_not(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    """Failed (401) is mandatory; approval is optional and skipped for unsubscribe-all."""
    FakeMastodon(httpserver, token="another")
    channel = ChannelFactory(
        name="Clinic Mastodon", platform=Platform.MASTODON, base_url=httpserver.url_for("/")
    )
    preferences_update(user=editor, muted_kinds=[], all_off=True)
    post = _compose(vetted_page, editor, [channel])
    post_submit(post=post, actor=editor)
    _, sent = _run(
        django_capture_on_commit_callbacks,
        lambda: delivery_decide(delivery=post.deliveries.get(), actor=reviewer, approve=True),
    )
    assert post.deliveries.get().status == DeliveryStatus.FAILED
    [message] = sent_to(sent, editor)
    assert message.subject == "Your social post could not be sent"
    assert "Clinic Mastodon" in message.body
    assert_safe_email(message, forbidden=(SOCIAL_TEXT, "access token"))


def test_the_composer_is_asked_to_check_an_ambiguous_delivery(
    httpserver, vetted_page, editor, reviewer, django_capture_on_commit_callbacks
):
    endpoint = CountingEndpoint(httpserver, "/2/tweets", check=lambda r: "", answer=None)
    endpoint.faults.queue.append((403, {}, {"detail": "duplicate content", "status": 403}))
    channel = ChannelFactory(platform=Platform.X, base_url=httpserver.url_for("/").rstrip("/"))
    post = _compose(vetted_page, editor, [channel])
    post_submit(post=post, actor=editor)
    _, sent = _run(
        django_capture_on_commit_callbacks,
        lambda: delivery_decide(delivery=post.deliveries.get(), actor=reviewer, approve=True),
    )
    assert post.deliveries.get().status == DeliveryStatus.NEEDS_RECONCILIATION
    subjects = [message.subject for message in sent_to(sent, editor)]
    assert "Check whether your social post was sent" in subjects


def test_the_composer_hears_that_changes_were_requested(
    vetted_page, editor, reviewer, mastodon, django_capture_on_commit_callbacks
):
    post = _compose(vetted_page, editor, [mastodon])
    post_submit(post=post, actor=editor)
    _, sent = _run(
        django_capture_on_commit_callbacks,
        lambda: delivery_decide(
            delivery=post.deliveries.get(), actor=reviewer, approve=False, comment="Canarynote"
        ),
    )
    [message] = sent_to(sent, editor)
    assert message.subject == "Changes requested on your social post"
    assert_safe_email(message, forbidden=(SOCIAL_TEXT, "Canarynote"))


def test_a_failed_review_request_loses_nothing(
    vetted_page, editor, reviewer, mastodon, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    post = _compose(vetted_page, editor, [mastodon])
    _run(django_capture_on_commit_callbacks, lambda: post_submit(post=post, actor=editor))
    post.refresh_from_db()
    assert post.status == PostStatus.AWAITING_APPROVAL
    assert AuditEvent.objects.filter(
        action="notification.failed", data__kind="syndication_review_request"
    ).exists()
