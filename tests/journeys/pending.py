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

AWAITING_FIX: dict[str, str] = {
    "base_url_links": "defect 3: feeds, sitemap and emails link to http://localhost/",
    "wagtail_editor_axe": "found by the journeys (not in the issue): in Wagtail's page editor "
    "the tag field's input has no label (axe 'label', critical) and Draftail's editor has no "
    "accessible name (axe 'aria-input-field-name', serious)",
    "signup_consent": "defect 10: terms-of-use and privacy consent asked at sign-up",
    "account_hub": "defect 10: the account hub at /account/ (groups, posts, preferences)",
    "data_download": "defect 10: download my data (ZIP of JSON) from the account hub",
    "account_deletion": "defect 10: delete my account, with a grace period and undo",
    "blog_preview": "defect 1: blog-post previews answer 500 (related_posts on a fake queryset)",
    "preview_panel": "defect 2: the editor's preview panel is blank (frame-ancestors 'none')",
    "image_upload": "defect 4: editors cannot upload or choose images (collection permissions)",
    "review_panel": "defect 12: the review-due panel offers an action (start review, open page)",
    "live_syndication_warnings": "defect 13: limit, banned claim and PHI flagged as typed",
    "demo_build_tasks": "found by the journeys (not in the issue): load_demo_data queues index "
    "tasks for a page it then deletes; the worker's first batch logs Page.DoesNotExist",
    "sanction_email": "defect 9: a sanctioned member gets an email",
    "verification_evidence": "defect 14: physician verification records its evidence",
}


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
