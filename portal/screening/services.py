"""screen_text: one decision for a text, with what was found and where."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from portal.screening.detectors import find_crisis_language
from portal.screening.matches import Match
from portal.screening.phi import find_phi


class Decision(models.TextChoices):
    ALLOW = "allow", "Nothing found"
    PHI = "phi", "Personal health information: warn, hold if sent anyway"
    CRISIS = "crisis", "Crisis language: show help, hold, alert on-call moderators"


@dataclass(frozen=True)
class ScreeningResult:
    decision: Decision
    phi: list[Match] = field(default_factory=list)
    crisis: list[str] = field(default_factory=list)

    @property
    def phi_kinds(self) -> list[str]:
        return sorted({match.kind for match in self.phi})


def screen_text(text: str, *, extra_crisis_phrases: tuple[str, ...] = ()) -> ScreeningResult:
    """Crisis language outranks PHI; overlapping PHI matches keep the more specific kind."""
    crisis = find_crisis_language(text, extra_crisis_phrases)
    phi = find_phi(text)
    if crisis:
        decision = Decision.CRISIS
    elif phi:
        decision = Decision.PHI
    else:
        decision = Decision.ALLOW
    return ScreeningResult(decision=decision, phi=phi, crisis=crisis)


class Verdict(models.TextChoices):
    """What happens to a member's post, most urgent first (see ``member_verdict``)."""

    CRISIS = "crisis", "Crisis language: show help at once, hold, alert on-call moderators"
    BLOCK = "block", "A blocked watched word: refuse the post with its message"
    PHI_WARN = "phi_warn", "Personal information: mark it and ask the member to edit or confirm"
    PHI_HOLD = "phi_hold", "Personal information sent anyway: hold for a moderator"
    WATCHED = "watched", "A held watched word: hold for a moderator"
    PUBLISH = "publish", "Nothing found: publish (censored words starred)"


def member_verdict(
    *, result: ScreeningResult, blocked: bool, held_words: bool, phi_confirmed: bool
) -> Verdict:
    """The one precedence for a member's post: crisis language outranks every other rule
    (blocked words, personal information, watched words, and the posting limits the caller
    applies only when this is not CRISIS); then a blocked word (the post cannot go out as
    written); then personal information (warn, or hold once confirmed); then held words."""
    if result.decision == Decision.CRISIS:
        return Verdict.CRISIS
    if blocked:
        return Verdict.BLOCK
    if result.phi:
        return Verdict.PHI_HOLD if phi_confirmed else Verdict.PHI_WARN
    if held_words:
        return Verdict.WATCHED
    return Verdict.PUBLISH


def most_urgent(*verdicts: Verdict) -> Verdict:
    """Of the verdicts for a post's parts (subject, text), the one that decides."""
    order = list(Verdict)
    return min(verdicts, key=order.index)
