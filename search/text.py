"""Words, normalisation and snippets: shared by every back-end."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 256
MAX_QUERY_WORDS = 12
WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
# Markers the back-ends put around matched words before the text is escaped.
MARK_START = "\ue000"
MARK_END = "\ue001"
_STOPWORDS_TEXT = (
    "a an and are as at be but by can do does for from how i if in into is it my of on or "
    "so than that the their them then there these they this to was what when where which "
    "who why will with you your me am have has had"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_SUFFIXES = ("ing", "es", "ed", "ly", "s")


def words(text: str) -> list[str]:
    """Lower-case words, accents folded (what every back-end indexes and searches)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [w.replace("\u2019", "'").lower() for w in WORD.findall(folded)]


def normalise_query(text: str) -> str:
    """One spelling per query for logs and promotions: words, lower case, single spaces."""
    return " ".join(words(text))[:MAX_QUERY_LENGTH]


def content_words(tokens: list[str]) -> list[str]:
    """Without stop words, unless nothing else is left."""
    kept = [t for t in tokens if t not in STOPWORDS]
    return kept or tokens


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight(text: str, terms: set[str], *, length: int = 220) -> SafeString:
    """An escaped excerpt around the first matched word, matched words in <mark>."""
    text = text.replace(MARK_START, "").replace(MARK_END, "")
    stems = {stem(t) for t in terms if t}
    spans = [m.span() for m in WORD.finditer(text) if stem(m.group().lower()) in stems]
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 4)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + length)
    marked = []
    position = start
    for a, b in spans:
        if a < start or b > end:
            continue
        marked += [text[position:a], MARK_START, text[a:b], MARK_END]
        position = b
    marked.append(text[position:end])
    excerpt = "".join(marked)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return marked_html(prefix + excerpt + suffix)


def marked_html(text: str) -> SafeString:
    """Escape text, then turn the back-end's markers into <mark> elements."""
    escaped = escape(text.replace(MARK_START + MARK_END, ""))
    return mark_safe(  # noqa: S308  # nosec B308 B703  # escaped; only our markers become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
