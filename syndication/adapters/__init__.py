"""One adapter class per platform."""

from __future__ import annotations

from syndication.adapters.base import Adapter
from syndication.adapters.bluesky import BlueskyAdapter
from syndication.adapters.facebook import FacebookAdapter
from syndication.adapters.linkedin import LinkedInAdapter
from syndication.adapters.mastodon import MastodonAdapter
from syndication.adapters.webhook import WebhookAdapter
from syndication.adapters.x import XAdapter
from syndication.models import Platform

ADAPTERS: dict[str, type[Adapter]] = {
    Platform.MASTODON: MastodonAdapter,
    Platform.BLUESKY: BlueskyAdapter,
    Platform.X: XAdapter,
    Platform.LINKEDIN: LinkedInAdapter,
    Platform.FACEBOOK: FacebookAdapter,
    Platform.WEBHOOK: WebhookAdapter,
}


def adapter_for(channel) -> Adapter:
    return ADAPTERS[channel.platform](channel)
