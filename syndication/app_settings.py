"""Typed syndication settings: a Django setting of the same name wins, then the
environment variable, then the default (read at call time, so tests can override)."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULT_BANNED_CLAIMS = (
    "cure",
    "cures",
    "cured",
    "guaranteed",
    "guarantee",
    "miracle",
    "100% effective",
    "risk-free",
    "no side effects",
)


def _get(name: str, default):
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, tuple):
        return tuple(item.strip() for item in raw.split(",") if item.strip())
    return type(default)(raw)


def banned_claims() -> tuple[str, ...]:
    """PORTAL_SYNDICATION_BANNED_CLAIMS: comma-separated words and phrases."""
    return tuple(_get("PORTAL_SYNDICATION_BANNED_CLAIMS", DEFAULT_BANNED_CLAIMS))


def http_timeout() -> float:
    return float(_get("PORTAL_SYNDICATION_HTTP_TIMEOUT", 20.0))


def max_attempts() -> int:
    return int(_get("PORTAL_SYNDICATION_MAX_ATTEMPTS", 6))


def backoff_seconds() -> int:
    """First retry delay; doubled each attempt, capped at one hour."""
    return int(_get("PORTAL_SYNDICATION_BACKOFF_SECONDS", 30))


def stale_seconds() -> int:
    """An attempt still in flight after this long belongs to a worker that stopped."""
    return int(_get("PORTAL_SYNDICATION_STALE_SECONDS", 300))


def linkedin_version() -> str:
    """LinkedIn-Version header (YYYYMM); LinkedIn retires each version after about a year."""
    return str(_get("PORTAL_SYNDICATION_LINKEDIN_VERSION", "202509"))


def live_checks_per_minute() -> int:
    """Live checks one person may ask for per minute while composing (the page debounces
    typing to one request per 300 ms pause)."""
    return int(_get("PORTAL_SYNDICATION_LIVE_CHECKS_PER_MINUTE", 120))
