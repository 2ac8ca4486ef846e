"""Shared set-up for the crisis-care tests: a held crisis post with text that must never
leave the moderation screens, and approved message templates."""

from __future__ import annotations

from forums.moderation.models import ItemKind, MessageLanguage
from forums.moderation.services import post_hold
from tests.factories import MessageTemplateFactory, UserFactory
from tests.fixtures_people import with_mfa
from tests.moderation.conftest import live_reply

# Distinctive words of the member's post: they must appear in no message and no email.
POST_TEXT = "Zephyrquartz I counted the pills in the blue tin and tonight is the night"


def crisis_item(world, *, text: str = POST_TEXT, poster=None):
    post = live_reply(world, poster=poster or world["member"], text=text)
    return post_hold(post=post, kind=ItemKind.CRISIS, findings={"crisis": ["plan"]})


def approver():
    return with_mfa(UserFactory(roles=["Administrator"]))


def approved_template(*, language: str = MessageLanguage.ENGLISH, **fields):
    return MessageTemplateFactory(approved_by=approver(), language=language, **fields)
