"""The one-time form token: bound to its member and form, expiring, claimed once; old
claims are forgotten by the daily command."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from portal.core.models import SubmissionToken
from portal.core.submissions import (
    ClaimStatus,
    submission_claim,
    submission_nonce,
    submission_token_issue,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_is_good_only_for_its_member_and_its_form():
    member, other = UserFactory(), UserFactory()
    token = submission_token_issue(user=member, purpose="forums.reply")
    assert submission_nonce(token=token, user=member, purpose="forums.reply")
    assert submission_nonce(token=token, user=other, purpose="forums.reply") is None
    assert submission_nonce(token=token, user=member, purpose="forums.topic") is None
    assert submission_nonce(token=token + "x", user=member, purpose="forums.reply") is None
    assert submission_nonce(token="", user=member, purpose="forums.reply") is None


def test_an_expired_token_is_refused(settings):
    member = UserFactory()
    token = submission_token_issue(user=member, purpose="forums.reply")
    settings.PORTAL_SUBMISSION_TOKEN_HOURS = 0
    assert submission_nonce(token=token, user=member, purpose="forums.reply") is None


def test_the_second_claim_of_a_token_is_a_repeat_with_the_first_result():
    member = UserFactory()
    token = submission_token_issue(user=member, purpose="forums.reply")
    with transaction.atomic():
        first = submission_claim(token=token, user=member, purpose="forums.reply")
        first.row.result_url = "/groups/topic/1/"
        first.row.save()
    with transaction.atomic():
        second = submission_claim(token=token, user=member, purpose="forums.reply")
    assert first.status is ClaimStatus.FIRST
    assert second.status is ClaimStatus.REPEAT
    assert second.row.result_url == "/groups/topic/1/"
    assert SubmissionToken.objects.count() == 1


def test_the_template_tag_renders_a_token_for_the_member():
    member = UserFactory()
    request = RequestFactory().get("/")
    request.user = member
    html = Template('{% load portal_tags %}{% submission_token "moderation.note" %}').render(
        Context({"request": request})
    )
    token = html.split('value="')[1].split('"')[0]
    assert 'name="submission_token"' in html
    assert submission_nonce(token=token, user=member, purpose="moderation.note")


def test_old_claims_are_forgotten_by_the_daily_command():
    member = UserFactory()
    old = SubmissionToken.objects.create(nonce="old", user=member, purpose="forums.reply")
    recent = SubmissionToken.objects.create(nonce="new", user=member, purpose="forums.reply")
    SubmissionToken.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=30))
    call_command("submission_tokens_expire")
    assert list(SubmissionToken.objects.values_list("pk", flat=True)) == [recent.pk]
