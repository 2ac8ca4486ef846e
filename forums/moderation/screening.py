"""Screening a member's text on submit: the shared screening service (personal health
information, crisis language) plus the moderators' crisis phrases and watched words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.screening.services import Decision, ScreeningResult, screen_text


def compile_watched_word(pattern: str, *, is_regex: bool) -> re.Pattern:
    """Whole words, case-insensitive; a regular expression must compile and match text."""
    if not pattern.strip():
        raise ValueError("Enter a word or pattern.")
    if not is_regex:
        return re.compile(rf"(?<!\w){re.escape(pattern.strip())}(?!\w)", re.I)
    try:
        compiled = re.compile(pattern, re.I)
    except re.error as error:
        raise ValueError(f"This is not a valid regular expression: {error}.") from error
    if compiled.fullmatch(""):
        raise ValueError("This pattern matches empty text, so it would match every post.")
    return compiled


@dataclass(frozen=True)
class MemberScreening:
    result: ScreeningResult
    blocked_message: str = ""
    held_words: list[str] = field(default_factory=list)
    censored_text: str = ""

    @property
    def crisis(self) -> bool:
        return self.result.decision == Decision.CRISIS

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
            "watched": list(self.held_words),
        }


def screen_member_text(text: str) -> MemberScreening:
    from forums.moderation.models import CrisisPhrase, WatchedWord, WatchedWordAction

    phrases = tuple(CrisisPhrase.objects.values_list("phrase", flat=True))
    result = screen_text(text, extra_crisis_phrases=phrases)
    held: list[str] = []
    censored = text
    for word in WatchedWord.objects.all():
        pattern = compile_watched_word(word.pattern, is_regex=word.is_regex)
        if not pattern.search(text):
            continue
        if word.action == WatchedWordAction.BLOCK:
            return MemberScreening(result=result, blocked_message=word.message)
        if word.action == WatchedWordAction.HOLD:
            held.append(word.pattern)
        else:
            censored = pattern.sub(lambda m: "*" * len(m.group()), censored)
    return MemberScreening(result=result, held_words=held, censored_text=censored)


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
