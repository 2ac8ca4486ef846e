"""screen_text: one decision for a text, with what was found and where."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from portal.screening.crisis import CONCERN, CRISIS, CrisisSignal, assess, explain
from portal.screening.matches import Match
from portal.screening.phi import find_phi


class Decision(models.TextChoices):
    ALLOW = "allow", "Nothing found"
    PHI = "phi", "Personal health information: warn, hold if sent anyway"
    CONCERN = "concern", "A worrying signal: hold at medium priority, show gentle support"
    CRISIS = "crisis", "Crisis language: show help, hold, alert on-call moderators"


@dataclass(frozen=True)
class ScreeningResult:
    decision: Decision
    phi: list[Match] = field(default_factory=list)
    crisis: list[str] = field(default_factory=list)
    # Every crisis signal found, with its span; those set aside by context say why.
    crisis_signals: list[CrisisSignal] = field(default_factory=list)
    crisis_score: float = 0.0

    @property
    def phi_kinds(self) -> list[str]:
        return sorted({match.kind for match in self.phi})

    @property
    def explanation(self) -> str:
        """Why the crisis detector decided as it did, for moderators ("plan + means")."""
        return explain(self.crisis_signals)


def screen_text(text: str, *, extra_crisis_phrases: tuple[str, ...] = ()) -> ScreeningResult:
    """CRISIS > CONCERN > PHI > ALLOW; the PHI matches are returned whatever the decision
    (overlapping PHI matches keep the more specific kind)."""
    assessment = assess(text, extra_phrases=extra_crisis_phrases)
    phi = find_phi(text)
    if assessment.level == CRISIS:
        decision = Decision.CRISIS
    elif assessment.level == CONCERN:
        decision = Decision.CONCERN
    elif phi:
        decision = Decision.PHI
    else:
        decision = Decision.ALLOW
    return ScreeningResult(
        decision=decision,
        phi=phi,
        crisis=assessment.phrases,
        crisis_signals=assessment.signals,
        crisis_score=assessment.score,
    )


class Verdict(models.TextChoices):
    """What happens to a member's post, most urgent first (see ``member_verdict``)."""

    CRISIS = "crisis", "Crisis language: show help at once, hold, alert on-call moderators"
    BLOCK = "block", "A blocked watched word: refuse the post with its message"
    CONCERN = "concern", "An uncertain risk signal: hold at medium priority, show gentle support"
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
    written); then an uncertain (concern-level) risk signal, held and never published
    unseen, whatever else the post has (its personal information is marked for the
    moderator, the member is not asked to edit); then personal information (warn, or hold
    once confirmed); then held words."""
    if result.decision == Decision.CRISIS:
        return Verdict.CRISIS
    if blocked:
        return Verdict.BLOCK
    if result.decision == Decision.CONCERN:
        return Verdict.CONCERN
    if result.phi:
        return Verdict.PHI_HOLD if phi_confirmed else Verdict.PHI_WARN
    if held_words:
        return Verdict.WATCHED
    return Verdict.PUBLISH


def most_urgent(*verdicts: Verdict) -> Verdict:
    """Of the verdicts for a post's parts (subject, text), the one that decides."""
    order = list(Verdict)
    return min(verdicts, key=order.index)
