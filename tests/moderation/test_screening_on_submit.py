"""Screening on submit: personal information warns, then holds; crisis language holds, shows
help and alerts the on-call moderators at once; watched words block, hold or censor."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

from forums.moderation.models import (
    CrisisPhrase,
    ItemKind,
    ModerationItem,
    OnCallModerator,
    WatchedWord,
    WatchedWordAction,
)
from portal.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.moderation.conftest import reply_url, send, topic_create_url

pytestmark = pytest.mark.django_db

PHONE_POST = "Happy to talk, ring me on (555) 201-3344 any evening."
CRISIS_POST = "I can't go on anymore, I just want to end it all tonight."


def test_personal_information_is_highlighted_and_nothing_is_saved_until_confirmed(client, world):
    """The form comes back with the phone number marked and the text kept; no post yet."""
    client.force_login(world["member"])
    before = Post.objects.count()
    response = send(client, reply_url(world), PHONE_POST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>(555) 201-3344</mark>" in html
    assert "Post anyway" in html
    assert "ring me on" in html  # the text is kept in the form
    assert Post.objects.count() == before
    assert not ModerationItem.objects.exists()


def test_personal_information_sent_anyway_is_held_with_the_matches_marked(client, world):
    """Posting anyway saves the post hidden, queued as personal information with its spans."""
    client.force_login(world["member"])
    response = send(client, reply_url(world), PHONE_POST, post_anyway="on")
    assert response.status_code == 302
    post = Post.objects.get(content=PHONE_POST)
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert item.kind == ItemKind.PHI
    match = item.findings["phi"][0]
    assert match["kind"] == "phone"
    assert PHONE_POST[match["start"] : match["end"]] == "(555) 201-3344"
    assert item.snapshot == PHONE_POST
    assert mail.outbox == []  # personal information is not an emergency


def test_crisis_post_is_held_shows_help_and_emails_the_on_call_moderator(
    client, world, django_capture_on_commit_callbacks
):
    """The member lands on the crisis resources; the item is urgent; the alert carries a
    link, not the member's words, and the time from post to alert is recorded."""
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, reply_url(world), CRISIS_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation_crisis_help")
    help_page = client.get(response["Location"])
    assert "988" in help_page.content.decode()
    post = Post.objects.get(content=CRISIS_POST)
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert item.kind == ItemKind.CRISIS
    assert item.urgency == 0
    assert item.alerted_at is not None
    assert item.alerted_at >= item.post_created_at
    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert alert.to == [world["moderator"].email]
    assert "URGENT" in alert.subject
    assert reverse("moderation_item", args=[item.pk]) in alert.body
    assert "end it all" not in alert.body
    assert AuditEvent.objects.filter(action="moderation.crisis_alert").exists()


def test_crisis_alert_goes_to_every_moderator_when_nobody_is_on_call(
    client, world, django_capture_on_commit_callbacks
):
    OnCallModerator.objects.all().delete()
    second = with_mfa(UserFactory(roles=["Moderator"]))
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        send(client, reply_url(world), CRISIS_POST)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world["moderator"].email, second.email])


def test_a_crisis_topic_is_hidden_with_its_first_post(client, world):
    client.force_login(world["member"])
    response = send(client, topic_create_url(world), CRISIS_POST, subject="Tonight")
    assert response["Location"] == reverse("moderation_crisis_help")
    topic = Topic.objects.get(subject="Tonight")
    assert topic.approved is False
    assert topic.first_post.approved is False


def test_moderator_crisis_phrases_are_screened_too(client, world):
    CrisisPhrase.objects.create(phrase="going to the bridge for good")
    client.force_login(world["member"])
    send(client, reply_url(world), "Tomorrow I am going to the bridge for good.")
    assert ModerationItem.objects.get().kind == ItemKind.CRISIS


def test_naming_the_crisis_line_or_a_dose_is_not_held(client, world):
    client.force_login(world["member"])
    text = "If it gets bad call 988 or 911. I take 500 mg metformin twice a day."
    assert send(client, reply_url(world), text).status_code == 302
    assert Post.objects.get(content=text).approved is True
    assert not ModerationItem.objects.exists()


def test_a_blocked_watched_word_refuses_the_post_with_its_message(client, world):
    WatchedWord.objects.create(
        pattern="miracle cure", action=WatchedWordAction.BLOCK, message="No cure claims, please."
    )
    client.force_login(world["member"])
    response = send(client, reply_url(world), "Try this Miracle Cure from my cousin")
    assert response.status_code == 200
    assert "No cure claims, please." in response.content.decode()
    assert "from my cousin" in response.content.decode()
    assert not Post.objects.filter(content__icontains="cousin").exists()


def test_a_held_watched_word_holds_the_post(client, world):
    WatchedWord.objects.create(pattern=r"buy\s+now", is_regex=True, action=WatchedWordAction.HOLD)
    client.force_login(world["member"])
    send(client, reply_url(world), "Great supplements, buy   now!")
    post = Post.objects.get(content__icontains="supplements")
    assert post.approved is False
    item = ModerationItem.objects.get(post=post)
    assert item.kind == ItemKind.WATCHED
    assert item.findings["watched"] == [r"buy\s+now"]


def test_a_censored_watched_word_is_starred_and_the_post_goes_live(client, world):
    WatchedWord.objects.create(pattern="darn", action=WatchedWordAction.CENSOR)
    client.force_login(world["member"])
    send(client, reply_url(world), "This darn inhaler again. Darned thing.")
    post = Post.objects.get(content__icontains="inhaler")
    assert str(post.content) == "This **** inhaler again. Darned thing."
    assert post.approved is True


def test_editing_a_live_post_to_add_personal_information_holds_it(client, world):
    """The edit path is screened like the create path."""
    from tests.moderation.conftest import live_reply

    post = live_reply(world, poster=world["member"], text="Feeling better today")
    forum, topic = world["forum"], world["topic"]
    url = reverse(
        "forum_conversation:post_update",
        args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
    )
    client.force_login(world["member"])
    text = "Feeling better. Write to me at sam.lee@example.test"
    response = send(client, url, text, post_anyway="on", update_reason="typo")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.approved is False
    assert ModerationItem.objects.get(post=post).kind == ItemKind.PHI


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"pattern": "(unclosed", "is_regex": True, "action": "hold"}, "pattern"),
        ({"pattern": "a*", "is_regex": True, "action": "hold"}, "pattern"),
        ({"pattern": "spam", "action": "block", "message": ""}, "message"),
    ],
)
def test_bad_watched_words_are_refused_with_a_clear_error(fields, error_field):
    with pytest.raises(ValidationError) as error:
        WatchedWord(**fields).full_clean()
    assert error_field in error.value.message_dict


def test_a_crisis_phrase_without_words_is_refused():
    """Phrases match whole words, so one made only of symbols could never match."""
    with pytest.raises(ValidationError) as error:
        CrisisPhrase(phrase="!!! ...").full_clean()
    assert "phrase" in error.value.message_dict
    CrisisPhrase(phrase="kms").full_clean()


def test_a_short_moderator_phrase_does_not_hold_posts_with_longer_words(client, world):
    """Whole words: "kms" holds "I want to kms" but not a post about "akms" or "kmsomething"."""
    CrisisPhrase.objects.create(phrase="kms")
    client.force_login(world["member"])
    send(client, reply_url(world), "The akms exam and kmsomething else")
    assert Post.objects.get(content__icontains="akms").approved is True
    send(client, reply_url(world), "Honestly I want to KMS.")
    assert ModerationItem.objects.get().kind == ItemKind.CRISIS
