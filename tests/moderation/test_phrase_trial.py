"""Before saving a crisis phrase or watched word, a moderator sees what it would have done to
the latest published posts (issue 14 point 5): how many it would have held, with examples."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forums.moderation.models import CrisisPhrase, WatchedWord
from forums.moderation.phrase_trial import phrase_trial

pytestmark = pytest.mark.django_db


def _post(world, text: str, *, approved: bool = True) -> Post:
    return Post.objects.create(
        topic=world["topic"], poster=world["member"], subject="Re", content=text, approved=approved
    )


def _published_total() -> int:
    return Post.objects.filter(approved=True).count()


def test_a_short_slang_phrase_matches_whole_words_only(world):
    _post(world, "New shoes for the walking group, and I showed my nurse the sheet")
    _post(world, "Had a bad night, SH again, sorry")
    trial = phrase_trial(pattern="sh")
    assert trial.matched == 1
    assert trial.tried == _published_total()
    assert "<mark>SH</mark>" in trial.examples[0]


def test_a_phrase_that_matches_ordinary_posts_shows_how_many_it_would_have_held(world):
    for text in ("My insulin pen ran out", "Insulin prices again", "Switched insulin brands"):
        _post(world, text)
    trial = phrase_trial(pattern="insulin")
    assert trial.matched == 3
    assert trial.percent == pytest.approx(300 / trial.tried)


def test_accents_and_case_fold_as_screening_folds_them(world):
    _post(world, "ya no AGUANTO más")
    assert phrase_trial(pattern="no aguanto mas").matched == 1


def test_held_posts_are_not_counted_as_posts_it_would_newly_hold(world):
    _post(world, "rare phrase zebra kite", approved=False)
    trial = phrase_trial(pattern="zebra kite")
    assert trial.matched == 0
    assert trial.tried == _published_total()


def test_only_the_latest_posts_are_tried(world):
    _post(world, "old zebra kite post")
    for index in range(3):
        _post(world, f"newer post {index}")
    assert phrase_trial(pattern="zebra kite", limit=3).matched == 0
    assert phrase_trial(pattern="zebra kite", limit=4).matched == 1


def test_an_invalid_pattern_is_a_clear_error_not_an_exception(world):
    trial = phrase_trial(pattern="(unclosed", is_regex=True)
    assert trial.matched == 0
    assert "not a valid regular expression" in trial.error
    assert "at least one letter or digit" in phrase_trial(pattern="!!!").error


def test_examples_are_escaped(world):
    _post(world, "<script>alert(1)</script> zebra kite")
    example = phrase_trial(pattern="zebra kite").examples[0]
    assert "<script>" not in example
    assert "&lt;script&gt;" in example


@override_settings(PORTAL_PHRASE_TRIAL_POSTS=2)
def test_the_number_of_posts_tried_is_a_setting(world):
    for index in range(3):
        _post(world, f"post {index}")
    assert phrase_trial(pattern="post").tried == 2


def _preview(client, url: str, data: dict) -> str:
    posted = client.post(url, data)
    assert posted.status_code == 200, posted.content[:500]
    assert posted.json()["is_valid"] is True
    shown = client.get(url, {"mode": "", "in_preview_panel": "true"})
    assert shown.status_code == 200
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]
    return shown.content.decode()


def test_the_crisis_phrase_editor_previews_the_trial_before_saving(client, world):
    _post(world, "took all my zebra kite tonight")
    client.force_login(world["moderator"])
    url = reverse("wagtailsnippets_moderation_crisisphrase:preview_on_add")
    content = _preview(client, url, {"phrase": "zebra kite"})
    assert "would have held as crisis posts" in content
    assert f"1 of the latest {_published_total()} published posts" in content
    assert "<mark>zebra kite</mark>" in content
    assert not CrisisPhrase.objects.exists()  # nothing saved by trying


def test_the_watched_word_editor_previews_with_its_action(client, world):
    _post(world, "a miracle cure for everything")
    client.force_login(world["moderator"])
    url = reverse("wagtailsnippets_moderation_watchedword:preview_on_add")
    data = {"pattern": "miracle cure", "action": "hold", "message": "", "is_regex": ""}
    content = _preview(client, url, data)
    assert "would have held <strong>1 of the latest" in content
    assert not WatchedWord.objects.exists()


def test_an_invalid_regular_expression_is_a_form_error_in_the_preview(client, world):
    client.force_login(world["moderator"])
    url = reverse("wagtailsnippets_moderation_watchedword:preview_on_add")
    posted = client.post(url, {"pattern": "(unclosed", "action": "hold", "is_regex": "on"})
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is False
