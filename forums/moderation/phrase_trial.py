"""Trying a crisis phrase or watched word against recent posts before saving it.

A phrase that looks harmless can hold ordinary posts ("sh" inside slang lists, a word that is
also a medicine's name). Moderators see, while they type, how many of the most recent
published posts the phrase would have matched, with a few examples highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from machina.apps.forum_conversation.models import Post

from forums.moderation.screening import compile_watched_word, highlight

EXAMPLES_SHOWN = 5
CONTEXT_CHARS = 80


@dataclass(frozen=True)
class PhraseTrial:
    """What a phrase would have done to the most recent published posts."""

    tried: int
    matched: int
    examples: list[SafeString] = field(default_factory=list)
    error: str = ""

    @property
    def percent(self) -> float:
        return 100 * self.matched / self.tried if self.tried else 0.0


def phrase_trial(*, pattern: str, is_regex: bool = False, limit: int | None = None) -> PhraseTrial:
    """Run ``pattern`` as screening would (whole words after the same folding, or a regular
    expression) over the latest ``limit`` published posts. Published posts passed screening
    and moderation, so each match is a post this phrase would now have held."""
    try:
        spans_in = compile_watched_word(pattern, is_regex=is_regex)
    except ValueError as error:
        return PhraseTrial(tried=0, matched=0, error=str(error))
    limit = limit or settings.PORTAL_PHRASE_TRIAL_POSTS
    texts = (
        Post.objects.filter(approved=True)
        .order_by("-created", "-pk")
        .values_list("content", flat=True)[:limit]
    )
    tried = matched = 0
    examples: list[SafeString] = []
    for text in texts:
        tried += 1
        spans = spans_in(text)
        if not spans:
            continue
        matched += 1
        if len(examples) < EXAMPLES_SHOWN:
            examples.append(_excerpt(text, spans[0]))
    return PhraseTrial(tried=tried, matched=matched, examples=examples)


def _excerpt(text: str, span: tuple[int, int]) -> SafeString:
    """The match with some words either side, highlighted (escaped by ``highlight``)."""
    start = max(0, span[0] - CONTEXT_CHARS)
    end = min(len(text), span[1] + CONTEXT_CHARS)
    excerpt = highlight(text[start:end], [(span[0] - start, span[1] - start)])
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return format_html("{}{}{}", prefix, excerpt, suffix)
