"""What each platform counts, the text as it will be posted, and the tracked link."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from syndication.models import Platform

URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
UTM_MEDIUM = "social"
CAMPAIGN_PREFIX = "synd-"
# X weighs these code point ranges 1, everything else 2 (twitter-text v3 configuration).
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_X_URL_WEIGHT = 23
_MASTODON_URL_WEIGHT = 23

LIMITS: dict[str, int] = {
    Platform.X: 280,
    Platform.BLUESKY: 300,
    Platform.MASTODON: 500,
    Platform.LINKEDIN: 3000,
    Platform.FACEBOOK: 63206,
    Platform.WEBHOOK: 10000,
}
UNITS: dict[str, str] = {
    Platform.X: "weighted characters, every link 23",
    Platform.BLUESKY: "graphemes",
    Platform.MASTODON: "characters, every link 23",
    Platform.LINKEDIN: "characters",
    Platform.FACEBOOK: "characters",
    Platform.WEBHOOK: "characters",
}


def tracked_link(page_url: str, *, post_id: int, channel_id: int, platform: str) -> str:
    """The page link with the portal's UTM parameters; other query parameters are kept
    (earlier utm_* values are replaced, so a link is never counted twice)."""
    parts = urlsplit(page_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not k.startswith("utm_")]
    query += [
        ("utm_source", platform),
        ("utm_medium", UTM_MEDIUM),
        ("utm_campaign", f"{CAMPAIGN_PREFIX}{post_id}"),
        ("utm_content", f"channel-{channel_id}"),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def parse_tracking(params) -> tuple[int, int] | None:
    """(post id, channel id) from a request's query parameters, if they are ours."""
    if params.get("utm_medium") != UTM_MEDIUM:
        return None
    campaign, content = params.get("utm_campaign", ""), params.get("utm_content", "")
    post = campaign.removeprefix(CAMPAIGN_PREFIX) if campaign.startswith(CAMPAIGN_PREFIX) else ""
    channel = content.removeprefix("channel-") if content.startswith("channel-") else ""
    if not (post.isdigit() and channel.isdigit()):
        return None
    return int(post), int(channel)


def full_text(text: str, link: str, platform: str) -> str:
    """The status as posted: the text, then the link (LinkedIn and Facebook carry the link
    as a card, not in the text)."""
    if platform in (Platform.LINKEDIN, Platform.FACEBOOK):
        return text.strip()
    return f"{text.strip()}\n\n{link}"


def graphemes(text: str) -> list[str]:
    """Extended grapheme clusters (UAX #29) for what posts contain: combining marks,
    variation selectors, emoji modifiers, ZWJ sequences, flags and CRLF."""
    clusters: list[str] = []
    for char in text:
        if clusters and _extends(clusters[-1], char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _extends(cluster: str, char: str) -> bool:
    code = ord(char)
    if cluster[-1] == "\r" and char == "\n":
        return True
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Mc"):
        return True
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True
    if char == "\u200d" or cluster[-1] == "\u200d":
        return True
    return _is_regional(char) and _is_regional(cluster[-1]) and _regional_run(cluster) % 2 == 1


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _regional_run(cluster: str) -> int:
    return sum(1 for char in cluster if _is_regional(char))


def x_weighted_length(text: str) -> int:
    total, position = 0, 0
    for match in URL_RE.finditer(text):
        total += _x_weight(text[position : match.start()]) + _X_URL_WEIGHT
        position = match.end()
    return total + _x_weight(text[position:])


def _x_weight(text: str) -> int:
    normalized = unicodedata.normalize("NFC", text)
    weight = 0
    for cluster in graphemes(normalized):
        if _is_emoji(cluster):
            weight += 2
            continue
        for char in cluster:
            light = any(low <= ord(char) <= high for low, high in _X_LIGHT_RANGES)
            weight += 1 if light else 2
    return weight


def _is_emoji(cluster: str) -> bool:
    return any(0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF for c in cluster)


def platform_length(text: str, platform: str) -> int:
    if platform == Platform.X:
        return x_weighted_length(text)
    if platform == Platform.BLUESKY:
        return len(graphemes(text))
    if platform == Platform.MASTODON:
        return len(URL_RE.sub("x" * _MASTODON_URL_WEIGHT, text))
    return len(text)


@dataclass(frozen=True)
class LengthCheck:
    platform: str
    used: int
    limit: int
    unit: str

    @property
    def ok(self) -> bool:
        return self.used <= self.limit

    @property
    def remaining(self) -> int:
        return self.limit - self.used

    @property
    def summary(self) -> str:
        """ "312 / 300 — 12 over" or "120 / 300 — 180 left"."""
        left = self.remaining
        tail = f"{-left} over" if left < 0 else f"{left} left"
        return f"{self.used} / {self.limit} — {tail}"


def check_length(text: str, link: str, platform: str) -> LengthCheck:
    used = platform_length(full_text(text, link, platform), platform)
    return LengthCheck(platform=platform, used=used, limit=LIMITS[platform], unit=UNITS[platform])
