"""Absolute links: every one the portal writes (emails, feeds, syndicated posts) starts with
the configured base URL (``PORTAL_BASE_URL``), never with a guessed host."""

from __future__ import annotations

from django.conf import settings


def base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (``/groups/...``) made absolute; an absolute URL is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + "/" + path.lstrip("/")
