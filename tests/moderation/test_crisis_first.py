"""Crisis before everything: crisis language outranks personal information, blocked words
and the posting limits (help at once, the post held, the on-call moderators alerted, the
personal information still marked for them), and no edit of a post escapes screening."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

from forums.moderation.models import (
    ItemKind,
    ItemStatus,
    ModerationItem,
    TopicSlowMode,
    WatchedWord,
    WatchedWordAction,
)
from forums.moderation.services import post_hold
from tests.factories import UserFactory
from tests.forums.conftest import join
from tests.moderation.conftest import live_reply, reply_url, send, topic_create_url

pytestmark = pytest.mark.django_db

ADDRESS = "42 Elm Street"
CRISIS_WITH_ADDRESS = f"I live at {ADDRESS} and tonight I just want to end it all."
CRISIS_WITHOUT_ADDRESS = "I live near the park and tonight I just want to end it all."
HELP = reverse("moderation_crisis_help")


def _post_update_url(world, post) -> str:
    forum, topic = world["forum"], post.topic
    return reverse(
        "forum_conversation:post_update",
        args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
    )


def _topic_update_url(world, topic) -> str:
    forum = world["forum"]
    return reverse(
        "forum_conversation:topic_update", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )


def _edit(client, world, post, text: str, **extra):
    return send(client, _post_update_url(world, post), text, update_reason="edit", **extra)


def _assert_crisis_help(client, response) -> None:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == HELP
    assert "988" in client.get(HELP).content.decode()


def _crisis_reply(client, world, capture) -> Post:
    client.force_login(world["member"])
    with capture(execute=True):
        response = send(client, reply_url(world), CRISIS_WITH_ADDRESS)
    _assert_crisis_help(client, response)
    return Post.objects.get(content=CRISIS_WITH_ADDRESS)


def test_address_and_crisis_language_get_crisis_help_a_hold_an_alert_and_marked_address(
    client, world, django_capture_on_commit_callbacks
):
    """No personal-information warning: help at once, held, alerted, the address marked."""
    post = _crisis_reply(client, world, django_capture_on_commit_callbacks)
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert item.kind == ItemKind.CRISIS
    assert item.alerted_at is not None
    assert [message.to for message in mail.outbox] == [[world["moderator"].email]]
    spans = [(m["kind"], m["start"], m["end"]) for m in item.findings["phi"]]
    start = CRISIS_WITH_ADDRESS.index(ADDRESS)
    assert spans == [("address", start, start + len(ADDRESS))]


def test_editing_out_the_address_keeps_the_crisis_post_held_and_screened(
    client, world, django_capture_on_commit_callbacks
):
    """The edit is screened again: still crisis, still held, the item shows the new text."""
    post = _crisis_reply(client, world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client, world, post, CRISIS_WITHOUT_ADDRESS)
    _assert_crisis_help(client, response)
    post.refresh_from_db()
    assert post.approved is False
    assert str(post.content) == CRISIS_WITHOUT_ADDRESS
    item = ModerationItem.objects.get(post=post)
    assert item.status == ItemStatus.OPEN
    assert item.kind == ItemKind.CRISIS
    assert item.snapshot == CRISIS_WITHOUT_ADDRESS
    assert item.findings["phi"] == []  # spans always refer to the current snapshot
    assert item.findings["crisis"]
    assert len(mail.outbox) == 1  # the moderators were alerted once, for this item


def test_editing_the_crisis_language_out_of_a_held_post_does_not_publish_it(
    client, world, django_capture_on_commit_callbacks
):
    """Only a moderator publishes a held post; the earlier crisis words stay on record."""
    post = _crisis_reply(client, world, django_capture_on_commit_callbacks)
    response = _edit(client, world, post, "Sorry, all fine now. Ignore me.")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert (item.status, item.kind) == (ItemStatus.OPEN, ItemKind.CRISIS)
    assert item.snapshot == "Sorry, all fine now. Ignore me."
    assert "end it all" in item.findings["crisis"]


def test_removing_personal_information_from_a_held_post_does_not_publish_it(client, world):
    """A post held for personal information stays held when the member edits it out."""
    client.force_login(world["member"])
    text = f"Come round, I am at {ADDRESS}."
    send(client, reply_url(world), text, post_anyway="on")
    post = Post.objects.get(content=text)
    assert post.approved is False
    assert _edit(client, world, post, "Come round any time.").status_code == 302
    post.refresh_from_db()
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert (item.status, item.snapshot) == (ItemStatus.OPEN, "Come round any time.")


def test_an_edit_adding_crisis_language_to_a_published_reply_holds_it_and_alerts(
    client, world, django_capture_on_commit_callbacks
):
    post = live_reply(world, poster=world["member"], text="Feeling a bit better today")
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client, world, post, CRISIS_WITH_ADDRESS)
    _assert_crisis_help(client, response)
    post.refresh_from_db()
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert item.kind == ItemKind.CRISIS and item.findings["phi"][0]["kind"] == "address"
    assert len(mail.outbox) == 1


def test_an_edit_adding_crisis_language_to_a_topics_first_post_hides_the_topic(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["member"])
    send(client, topic_create_url(world), "Anyone else up early?", subject="Early")
    topic = Topic.objects.get(subject="Early")
    assert topic.approved is True
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            client, _topic_update_url(world, topic), CRISIS_WITH_ADDRESS, subject="Early"
        )
    _assert_crisis_help(client, response)
    topic.refresh_from_db()
    assert topic.approved is False and topic.first_post.approved is False
    assert ModerationItem.objects.get(post=topic.first_post).kind == ItemKind.CRISIS
    assert len(mail.outbox) == 1


def test_a_blocked_word_does_not_keep_crisis_help_from_the_member(
    client, world, django_capture_on_commit_callbacks
):
    """A blocked word would refuse the post; crisis language gets help and a hold first."""
    WatchedWord.objects.create(
        pattern="tonight", action=WatchedWordAction.BLOCK, message="No dates, please."
    )
    post = _crisis_reply(client, world, django_capture_on_commit_callbacks)
    assert post.approved is False
    assert len(mail.outbox) == 1


def test_slow_mode_does_not_keep_crisis_help_from_the_member(
    client, world, django_capture_on_commit_callbacks
):
    TopicSlowMode.objects.create(topic=world["topic"], interval_seconds=3600)
    client.force_login(world["member"])
    send(client, reply_url(world), "Morning all")
    post = _crisis_reply(client, world, django_capture_on_commit_callbacks)
    assert post.approved is False
    assert len(mail.outbox) == 1


def test_the_new_member_quota_does_not_keep_crisis_help_from_the_member(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_GROUPS_NEW_MEMBER_REPLIES_PER_DAY = 0
    newcomer = UserFactory(roles=["Patient"])
    join(newcomer, world["group"])
    client.force_login(newcomer)
    assert send(client, reply_url(world), "Hello").status_code == 200  # refused: quota
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, reply_url(world), CRISIS_WITH_ADDRESS)
    _assert_crisis_help(client, response)
    assert Post.objects.get(content=CRISIS_WITH_ADDRESS).approved is False
    assert len(mail.outbox) == 1


def test_a_post_held_by_the_service_stays_held_through_an_edit(client, world):
    """Held for a report or as a new member's post: an edit does not publish it either."""
    post = live_reply(world, poster=world["member"], text="Try this trick")
    post_hold(post=post, kind=ItemKind.WATCHED)
    client.force_login(world["member"])
    assert _edit(client, world, post, "Try this other trick").status_code == 302
    post.refresh_from_db()
    assert post.approved is False


def test_crisis_language_in_a_new_topics_subject_gets_help_a_hold_and_an_alert(
    client, world, django_capture_on_commit_callbacks
):
    """The subject is member text too: it is screened with the post."""
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, topic_create_url(world), "See subject.", subject="I want to die")
    _assert_crisis_help(client, response)
    topic = Topic.objects.get(subject="I want to die")
    assert topic.approved is False
    item = ModerationItem.objects.get(post=topic.first_post)
    assert item.kind == ItemKind.CRISIS and item.findings["crisis"]
    assert len(mail.outbox) == 1


def test_an_address_put_into_a_published_topics_subject_is_warned_and_not_saved(client, world):
    client.force_login(world["member"])
    send(client, topic_create_url(world), "Anyone nearby?", subject="Walking group")
    topic = Topic.objects.get(subject="Walking group")
    subject = f"Walking group at {ADDRESS}"
    response = send(client, _topic_update_url(world, topic), "Anyone nearby?", subject=subject)
    assert response.status_code == 200
    assert f"<mark>{ADDRESS}</mark>" in response.content.decode()
    topic.refresh_from_db()
    assert topic.subject == "Walking group" and topic.approved is True


def test_the_default_reply_subject_of_a_published_topic_is_not_screened_again(client, world):
    """A moderator published "Welcome"; a held word in it does not hold every reply."""
    WatchedWord.objects.create(pattern="welcome", action=WatchedWordAction.HOLD)
    client.force_login(world["member"])
    assert send(client, reply_url(world), "Hi all", subject="Re: Welcome").status_code == 302
    assert Post.objects.get(content="Hi all").approved is True


def test_a_preview_with_crisis_language_shows_help_at_once_and_saves_nothing(client, world):
    """A preview is not sent, so nothing is held or alerted: the member still sees help, and
    no personal-information warning stands in front of it."""
    client.force_login(world["member"])
    response = send(client, reply_url(world), CRISIS_WITH_ADDRESS, preview="Preview")
    assert response.status_code == 200
    html = response.content.decode()
    assert "have to face this alone" in html and "tel:" in html
    assert "Check your post for personal information" not in html
    assert not Post.objects.filter(content=CRISIS_WITH_ADDRESS).exists()
    assert mail.outbox == []


def test_an_ordinary_preview_shows_no_crisis_help(client, world):
    client.force_login(world["member"])
    response = send(client, reply_url(world), "Morning walk done", preview="Preview")
    assert "have to face this alone" not in response.content.decode()


def test_personal_information_in_a_subject_sent_anyway_is_held_and_shown_to_moderators(
    client, world
):
    client.force_login(world["member"])
    subject = f"Meet at {ADDRESS}"
    response = send(client, topic_create_url(world), "Saturday?", subject=subject)
    assert f"<mark>{ADDRESS}</mark>" in response.content.decode()  # warned first
    send(client, topic_create_url(world), "Saturday?", subject=subject, post_anyway="on")
    topic = Topic.objects.get(subject=subject)
    assert topic.approved is False
    item = ModerationItem.objects.get(post=topic.first_post)
    assert item.kind == ItemKind.PHI
    assert [m["text"] for m in item.findings["subject"]["phi"]] == [ADDRESS]
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert f"Subject: {subject}" in page
    assert "Personal information in the subject" in page
