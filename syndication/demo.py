"""Demo syndication (DEBUG only, through load_demo_data): two channels pointing at the
local fake platform (``manage.py syndication_fake_server``, port 8099) and posts in
several states, each reached through the real services and delivery engine."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from education.models import EducationPage
from education.selectors import is_review_current
from syndication.delivery import delivery_run
from syndication.fake_platform import FakePlatform
from syndication.models import ApprovalStep, Channel, Platform, StepMode, SyndicationPost
from syndication.services import delivery_decide, post_compose, post_submit

DEMO_PLATFORM_URL = "http://127.0.0.1:8099"
DEMO_CHANNELS = [
    ("Demo Mastodon (fake)", Platform.MASTODON, DEMO_PLATFORM_URL, "@clinic@fake.local"),
    ("Demo webhook (fake)", Platform.WEBHOOK, f"{DEMO_PLATFORM_URL}/webhook", "intranet feed"),
]
TEXT = "{title}: demo post, synthetic text. Not medical advice."


def load_syndication_demo(*, editor, compliance) -> int:
    """Safe to run again: does nothing once demo posts exist."""
    channels = [_channel(*spec) for spec in DEMO_CHANNELS]
    if SyndicationPost.objects.filter(is_demo=True).exists():
        return SyndicationPost.objects.filter(is_demo=True).count()
    pages = [p for p in EducationPage.objects.live().order_by("pk") if is_review_current(p)]
    if len(pages) < 4:
        return 0
    fake = FakePlatform(public_url=DEMO_PLATFORM_URL).start()
    try:
        _published(pages[0], channels, editor, compliance, fake)
        _failed(pages[1], channels[0], editor, compliance, fake)
    finally:
        fake.stop()
    _scheduled(pages[2], channels, editor, compliance)
    _awaiting(pages[3], channels, editor)
    return SyndicationPost.objects.filter(is_demo=True).count()


def _channel(name: str, platform: str, base_url: str, account: str) -> Channel:
    channel, created = Channel.objects.get_or_create(
        name=name,
        defaults={
            "platform": platform,
            "base_url": base_url,
            "account_name": account,
            "credentials_env_var": "PORTAL_DEMO_SOCIAL_TOKEN",
            "enabled": True,
            "is_demo": True,
        },
    )
    if created:
        ApprovalStep.objects.create(channel=channel, mode=StepMode.ANY, sort_order=0)
    return channel


def _compose(page, channels, editor, **kwargs) -> SyndicationPost:
    texts = {c.pk: TEXT.format(title=page.title) for c in channels}
    post = post_compose(source=page, actor=editor, channels=channels, texts=texts, **kwargs)
    SyndicationPost.objects.filter(pk=post.pk).update(is_demo=True)
    return post_submit(post=post, actor=editor)


def _approve(post, compliance) -> None:
    for delivery in post.deliveries.all():
        delivery_decide(delivery=delivery, actor=compliance, approve=True)


def _deliver_to(fake: FakePlatform, post) -> None:
    """Send now to the in-process fake (the channels' own address may not be up yet)."""
    for delivery in post.deliveries.select_related("channel"):
        channel = delivery.channel
        real_url = channel.base_url
        channel.base_url = real_url.replace(DEMO_PLATFORM_URL, fake.base_url)
        channel.save(update_fields=["base_url"])
        try:
            delivery_run(delivery_id=delivery.pk)
        finally:
            Channel.objects.filter(pk=channel.pk).update(base_url=real_url)


def _published(page, channels, editor, compliance, fake) -> None:
    post = _compose(page, channels, editor)
    _approve(post, compliance)
    _deliver_to(fake, post)


def _failed(page, channel, editor, compliance, fake) -> None:
    """The fake answers as if the token had been revoked: a 401, shown with its reason."""
    post = _compose(page, [channel], editor)
    _approve(post, compliance)
    token, fake.token = fake.token, "revoked"
    try:
        _deliver_to(fake, post)
    finally:
        fake.token = token


def _scheduled(page, channels, editor, compliance) -> None:
    post = _compose(page, channels, editor, scheduled_at=timezone.now() + timedelta(days=1))
    _approve(post, compliance)


def _awaiting(page, channels, editor) -> None:
    _compose(page, channels, editor)
