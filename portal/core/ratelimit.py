"""A small cache-based counter for rate limits (fixed windows; the cache is shared in
production through Redis)."""

from __future__ import annotations

import time

from django.core.cache import cache


def rate_limit_hit(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of ``key``; True when this use goes over ``limit`` in the window."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds * 2)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds * 2)
        count = 1
    return count > limit
