"""Reports: a category and a note, a snapshot kept, one per member and post; enough distinct
reporters hide the post until a moderator decides; the author never learns who reported."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.models import GroupKind
from forums.moderation.models import ItemKind, ModerationItem, Report
from forums.moderation.services import ModerationError, item_approve, post_report
from tests.forums.conftest import make_group, make_topic
from tests.helpers import form_token
from tests.moderation.conftest import live_reply, trusted_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world):
    return live_reply(world, poster=world["member"], text="Stop your insulin, cinnamon works")


def _reporters(world, count: int):
    return [trusted_member(world["group"]) for _ in range(count)]


def test_a_report_keeps_a_snapshot_and_queues_the_post(client, world, reported):
    reporter = world["other"]
    client.force_login(reporter)
    url = reverse("moderation_report", args=[reported.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": "misinformation",
            "note": "Dangerous advice",
            **form_token(client, "moderation.report"),
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.snapshot == "Stop your insulin, cinnamon works"
    assert report.item.kind == ItemKind.REPORTED
    # Later edits do not change what was reported.
    Post.objects.filter(pk=reported.pk).update(content="edited")
    report.refresh_from_db()
    assert report.snapshot == "Stop your insulin, cinnamon works"
    reported.refresh_from_db()
    assert reported.approved is True  # one report does not hide a post


def test_three_distinct_reports_hide_the_post(world, reported):
    first, second, third = _reporters(world, 3)
    post_report(post=reported, reporter=first, category="spam")
    post_report(post=reported, reporter=second, category="spam")
    reported.refresh_from_db()
    assert reported.approved is True
    post_report(post=reported, reporter=third, category="harassment")
    reported.refresh_from_db()
    assert reported.approved is False
    item = ModerationItem.objects.get(post=reported)
    assert item.hidden_by_reports is True
    assert Post.objects.filter(pk=reported.pk).exists()


def test_the_hiding_threshold_is_configurable(world, reported, settings):
    settings.PORTAL_MODERATION_REPORTS_TO_HIDE = 2
    first, second = _reporters(world, 2)
    post_report(post=reported, reporter=first, category="spam")
    post_report(post=reported, reporter=second, category="spam")
    reported.refresh_from_db()
    assert reported.approved is False


def test_a_moderator_approving_a_hidden_post_shows_it_again(world, reported):
    for reporter in _reporters(world, 3):
        post_report(post=reported, reporter=reporter, category="spam")
    item = ModerationItem.objects.get(post=reported)
    item_approve(item_id=item.pk, moderator=world["moderator"])
    reported.refresh_from_db()
    assert reported.approved is True


def test_a_member_cannot_report_the_same_post_twice(client, world, reported):
    client.force_login(world["other"])
    url = reverse("moderation_report", args=[reported.pk])
    client.post(url, {"category": "spam", **form_token(client, "moderation.report")})
    response = client.post(
        url, {"category": "harassment", "note": "again", **form_token(client, "moderation.report")}
    )
    assert response.status_code == 400
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_member_cannot_report_their_own_post(world, reported):
    with pytest.raises(ModerationError, match="your own post"):
        post_report(post=reported, reporter=world["member"], category="spam")


def test_a_report_without_a_category_is_a_form_error(client, world, reported):
    client.force_login(world["other"])
    response = client.post(
        reverse("moderation_report", args=[reported.pk]),
        {"note": "hm", **form_token(client, "moderation.report")},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_self_harm_report_is_urgent_and_alerts_at_once(
    world, reported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_report(post=reported, reporter=world["other"], category="self_harm")
    item = ModerationItem.objects.get(post=reported)
    assert item.kind == ItemKind.CRISIS
    assert item.alerted_at is not None
    assert len(mail.outbox) == 1


def test_posts_a_member_cannot_read_cannot_be_reported(client, world):
    private = make_group("Private circle", kind=GroupKind.PRIVATE)
    topic = make_topic(private, poster=world["other"], subject="Inside", text="Members only")
    client.force_login(world["member"])
    response = client.get(reverse("moderation_report", args=[topic.first_post.pk]))
    assert response.status_code == 404


def test_the_author_never_sees_who_reported(
    client, world, reported, django_capture_on_commit_callbacks
):
    """Not on the topic page, not in the queue (moderators only), not in the email that
    tells them a post was rejected."""
    from forums.models import MemberProfile
    from forums.moderation.services import item_reject

    reporters = _reporters(world, 3)
    for reporter in reporters:
        post_report(post=reported, reporter=reporter, category="harassment", note="rude")
    item = ModerationItem.objects.get(post=reported)
    names = list(
        MemberProfile.objects.filter(user__in=reporters).values_list("display_name", flat=True)
    )
    client.force_login(world["member"])
    forum, topic = world["forum"], world["topic"]
    pages = [
        reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]),
        reverse("forum:index"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for name in names:
            assert name not in html
    assert client.get(reverse("moderation_item", args=[item.pk])).status_code == 404
    assert client.get(reverse("moderation_queue")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        item_reject(item_id=item.pk, moderator=world["moderator"], reason="Be kind.")
    to_author = [message for message in mail.outbox if message.to == [world["member"].email]]
    assert len(to_author) == 1  # the rejection notice; reporters hear the outcome separately
    for message in mail.outbox:
        for reporter in reporters:
            assert reporter.email not in message.body
        for name in names:
            assert name not in message.body
