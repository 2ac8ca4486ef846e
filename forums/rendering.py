"""Safe rendering of member-written text (posts, previews, anything members write).

CommonMark via markdown-it-py with raw HTML disabled, then an allow-list sanitiser (nh3):
no scripts, event handlers, styles, ``javascript:``/``data:`` URLs or raw HTML survive, and
links get ``rel="nofollow ugc noopener"``. ``validate_member_text`` bounds length and
nesting first, so every input is either a form error or a fast render; ``render_member_text``
itself never raises (it falls back to escaped text).
"""

from __future__ import annotations

import logging
import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks
from markdown_it import MarkdownIt

logger = logging.getLogger(__name__)

MAX_LENGTH = 20_000
MAX_NESTING = 8
# Link and emphasis punctuation is what the parser backtracks over: a post made mostly of
# "![" or "*_" near the length limit took ~250 ms. Real posts use a few dozen.
MAX_MARKUP_PUNCTUATION = 2_000
MARKUP_PUNCTUATION = frozenset("[]*_!<&\\")
TOO_MUCH_MARKUP_MESSAGE = (
    "This post has too many formatting characters ([ ] * _ ! < & \\). Please remove some of them."
)
LINK_REL = "nofollow ugc noopener"

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_NESTING_PREFIX = re.compile(r"^([ \t]*)((?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)+)", re.MULTILINE)
_NESTING_TOKEN = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.options["maxNesting"] = MAX_NESTING * 2 + 4


def validate_member_text(text: str) -> None:
    """Refuse text that is too long or nested too deeply, with a clear message."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"Posts can be at most {MAX_LENGTH:,} characters (this one has {len(text):,}).",
            code="too_long",
        )
    if sum(1 for char in text if char in MARKUP_PUNCTUATION) > MAX_MARKUP_PUNCTUATION:
        raise ValidationError(TOO_MUCH_MARKUP_MESSAGE, code="too_much_markup")
    if nesting_depth(text) > MAX_NESTING:
        raise ValidationError(
            f"Quotes and lists can be nested at most {MAX_NESTING} levels deep.",
            code="too_deep",
        )


def nesting_depth(text: str) -> int:
    """The deepest nesting on any line: quote/list markers at its start, plus list levels
    made by indentation (two columns a level) before them."""
    deepest = 0
    for match in _NESTING_PREFIX.finditer(text):
        indent = len(match.group(1).expandtabs(4)) // 2
        deepest = max(deepest, indent + len(_NESTING_TOKEN.findall(match.group(2))))
    return deepest


def render_member_text(text: str, **_ignored) -> str:
    """Markdown to sanitised HTML. Never raises; on any parser failure, escaped text."""
    try:
        html = _parser.render(text[:MAX_LENGTH])
    except Exception:
        logger.exception("Member text could not be rendered; showing it escaped")
        html = linebreaks(escape(text[:MAX_LENGTH]))
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
