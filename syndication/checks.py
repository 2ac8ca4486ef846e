"""System checks: an enabled channel must have its credentials in the environment.

Demo channels (DEBUG-only demo data) talk to the local fake platform with its public
token, so they need none."""

from __future__ import annotations

import os

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=False)
def channel_credentials(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from syndication.models import Channel

    try:
        channels = list(Channel.objects.filter(enabled=True))
    except DatabaseError:  # tables not migrated yet
        return []
    return [
        checks.Warning(
            f"Syndication channel {channel.name!r} is enabled but its credentials variable "
            f"{channel.credentials_env_var} is not set.",
            hint="Set the variable in the environment, or disable the channel.",
            obj=channel,
            id="syndication.W001",
        )
        for channel in channels
        if not channel.is_demo and not os.environ.get(channel.credentials_env_var)
    ]
