"""Journey steps that wait for a fix from another branch of issue 12.

Each key names a step (or a page check) that cannot pass until that fix is merged. While a
key is listed here, the journey does not run the step: it emits a ``PendingJourneyStep``
warning instead, which pytest lists in its summary (never a silent skip or xfail). After
merging the fix, delete the key; or switch keys on without editing code with
``PORTAL_JOURNEY_ENABLE=key1,key2`` (``all`` for every one).
"""

from __future__ import annotations

import os
import warnings

# Empty: every fix issue 12 listed has landed. Add a key here (with the reason) only while a
# fix is on its way from another branch, never to hide a failure.
AWAITING_FIX: dict[str, str] = {}


class PendingJourneyStep(UserWarning):
    """A journey step held back until the fix it needs is merged (see tests/journeys/pending.py)."""


def fix_landed(key: str) -> bool:
    """True when the step ``key`` should run: not listed, or switched on by the environment."""
    if key not in AWAITING_FIX:
        return True
    enabled = {item.strip() for item in os.environ.get("PORTAL_JOURNEY_ENABLE", "").split(",")}
    return "all" in enabled or key in enabled


def note_pending(key: str, what: str) -> None:
    warnings.warn(
        PendingJourneyStep(f"journey step not run: {what} [{key}: {AWAITING_FIX[key]}]"),
        stacklevel=3,
    )
