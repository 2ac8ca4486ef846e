"""Screening a member's text on submit: the shared screening service (personal health
information, crisis language) plus the moderators' crisis phrases and watched words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.screening.detectors import find_phrases, tokens
from portal.screening.services import (
    Decision,
    ScreeningResult,
    Verdict,
    member_verdict,
    screen_text,
)

Spans = list[tuple[int, int]]


def compile_watched_word(pattern: str, *, is_regex: bool) -> Callable[[str], Spans]:
    """A function giving where the watched word occurs in a text. A word or phrase matches
    whole words only, after the same folding as the text (case, accents, any punctuation or
    spacing between words; see ``portal.screening.detectors.tokens``). A regular expression
    (case-insensitive) must compile and must not match empty text."""
    if not pattern.strip():
        raise ValueError("Enter a word or pattern.")
    if not is_regex:
        if not tokens(pattern):
            raise ValueError("Enter at least one letter or digit, or use a regular expression.")
        return partial(_phrase_spans, phrases=(pattern,))
    try:
        compiled = re.compile(pattern, re.I)
    except re.error as error:
        raise ValueError(f"This is not a valid regular expression: {error}.") from error
    if compiled.fullmatch(""):
        raise ValueError("This pattern matches empty text, so it would match every post.")
    return partial(_regex_spans, compiled=compiled)


def _phrase_spans(text: str, *, phrases: tuple[str, ...]) -> Spans:
    return [(match.start, match.end) for match in find_phrases(text, phrases)]


def _regex_spans(text: str, *, compiled: re.Pattern) -> Spans:
    return [match.span() for match in compiled.finditer(text) if match.end() > match.start()]


def _starred(text: str, spans: Spans) -> str:
    parts: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        parts.append(text[position:start] + "*" * max(0, end - start))
        position = max(position, end)
    return "".join(parts) + text[position:]


@dataclass(frozen=True)
class MemberScreening:
    result: ScreeningResult
    blocked_message: str = ""
    held_words: list[str] = field(default_factory=list)
    censored_text: str = ""

    @property
    def crisis(self) -> bool:
        return self.result.decision == Decision.CRISIS

    def verdict(self, *, phi_confirmed: bool) -> Verdict:
        return member_verdict(
            result=self.result,
            blocked=bool(self.blocked_message),
            held_words=bool(self.held_words),
            phi_confirmed=phi_confirmed,
        )

    @property
    def phi(self) -> bool:
        return bool(self.result.phi)

    def findings(self) -> dict:
        return {
            "phi": [
                {"kind": m.kind, "start": m.start, "end": m.end, "text": m.text}
                for m in self.result.phi
            ],
            "crisis": list(self.result.crisis),
            "explanation": self.result.explanation,
            "watched": list(self.held_words),
        }


def screen_member_text(text: str) -> MemberScreening:
    """Everything screening finds in a member's text; ``verdict`` says what it means."""
    from forums.moderation.models import CrisisPhrase, WatchedWord, WatchedWordAction

    phrases = tuple(CrisisPhrase.objects.values_list("phrase", flat=True))
    result = screen_text(text, extra_crisis_phrases=phrases)
    blocked, held, censored_spans = "", [], []
    for word in WatchedWord.objects.all():
        spans = compile_watched_word(word.pattern, is_regex=word.is_regex)(text)
        if not spans:
            continue
        if word.action == WatchedWordAction.BLOCK:
            blocked = blocked or word.message
        elif word.action == WatchedWordAction.HOLD:
            held.append(word.pattern)
        else:
            censored_spans.extend(spans)
    return MemberScreening(
        result=result,
        blocked_message=blocked,
        held_words=held,
        censored_text=_starred(text, censored_spans),
    )


def highlight(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """The text, escaped, with each span wrapped in <mark>."""
    parts: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # every piece escaped above
