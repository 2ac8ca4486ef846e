"""Each platform's limit, counted the way the platform counts, and the tracked link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from syndication.models import Platform
from syndication.text import (
    check_length,
    graphemes,
    parse_tracking,
    tracked_link,
    x_weighted_length,
)

LINK = "https://portal.example/education/asthma/?utm_medium=social&utm_campaign=synd-1"


def test_x_counts_every_link_as_23():
    """A 200-character URL costs 23 on X."""
    long_link = "https://portal.example/" + "a" * 200
    assert x_weighted_length(f"Read {long_link}") == 5 + 23


def test_x_counts_cjk_and_emoji_as_two():
    """X weighs CJK characters and emoji double."""
    assert x_weighted_length("abc") == 3
    assert x_weighted_length("喘息") == 4
    assert x_weighted_length("👍🏽") == 2


def test_x_limit_with_link_is_280():
    """Text + blank line + link (23) must fit in 280."""
    fits = "a" * (280 - 2 - 23)
    assert check_length(fits, LINK, Platform.X).ok
    assert not check_length(fits + "a", LINK, Platform.X).ok


def test_bluesky_counts_graphemes_not_code_points():
    """A family emoji (seven code points) is one grapheme; 300 is the limit."""
    family = "👨‍👩‍👧‍👦"
    assert len(family) == 7 and len(graphemes(family)) == 1
    assert len(graphemes("🇫🇷🇩🇪")) == 2
    assert len(graphemes("e\u0301")) == 1
    room = 300 - 2 - len(LINK)
    assert check_length(family * room, LINK, Platform.BLUESKY).ok
    assert not check_length(family * (room + 1), LINK, Platform.BLUESKY).ok


def test_mastodon_allows_500_with_links_as_23():
    """Mastodon counts a link as 23 characters."""
    fits = "a" * (500 - 2 - 23)
    assert check_length(fits, LINK, Platform.MASTODON).ok
    assert not check_length(fits + "a", LINK, Platform.MASTODON).ok


def test_linkedin_allows_3000_and_carries_the_link_as_a_card():
    """LinkedIn commentary is 3,000 characters; the link is not in the text."""
    assert check_length("a" * 3000, LINK, Platform.LINKEDIN).ok
    assert not check_length("a" * 3001, LINK, Platform.LINKEDIN).ok


def test_tracked_link_keeps_existing_query_parameters():
    """Existing parameters stay; stale utm_* values are replaced by ours."""
    link = tracked_link(
        "https://portal.example/page/?lang=es&utm_source=old",
        post_id=7,
        channel_id=3,
        platform="bluesky",
    )
    query = parse_qs(urlsplit(link).query)
    assert query["lang"] == ["es"]
    assert query["utm_source"] == ["bluesky"]
    assert query["utm_medium"] == ["social"]
    assert query["utm_campaign"] == ["synd-7"]
    assert query["utm_content"] == ["channel-3"]
    assert parse_tracking({k: v[0] for k, v in query.items()}) == (7, 3)


@pytest.mark.parametrize(
    "params",
    [
        {"utm_medium": "email", "utm_campaign": "synd-1", "utm_content": "channel-1"},
        {"utm_medium": "social", "utm_campaign": "spring", "utm_content": "channel-1"},
        {"utm_medium": "social", "utm_campaign": "synd-1", "utm_content": "x"},
    ],
)
def test_foreign_utm_parameters_are_not_ours(params):
    """Only the portal's own campaign and channel tags count."""
    assert parse_tracking(params) is None
