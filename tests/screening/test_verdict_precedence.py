"""One precedence for a member's post: crisis language outranks everything, then a blocked
word, then personal information (warn, or hold once confirmed), then held watched words."""

from __future__ import annotations

import pytest

from portal.screening.services import Verdict, member_verdict, screen_text

CRISIS_AND_ADDRESS = "I live at 42 Elm Street and I want to end it all"
ADDRESS = "I live at 42 Elm Street"
CLEAR = "Walking after dinner helps"


@pytest.mark.parametrize(
    ("text", "blocked", "held", "confirmed", "verdict"),
    [
        (CRISIS_AND_ADDRESS, True, True, False, Verdict.CRISIS),
        (CRISIS_AND_ADDRESS, False, False, False, Verdict.CRISIS),
        (CRISIS_AND_ADDRESS, False, False, True, Verdict.CRISIS),
        (ADDRESS, True, True, True, Verdict.BLOCK),
        (ADDRESS, False, True, False, Verdict.PHI_WARN),
        (ADDRESS, False, True, True, Verdict.PHI_HOLD),
        (CLEAR, False, True, False, Verdict.WATCHED),
        (CLEAR, False, False, True, Verdict.PUBLISH),
    ],
)
def test_member_verdict_precedence(text, blocked, held, confirmed, verdict):
    result = screen_text(text)
    assert (
        member_verdict(result=result, blocked=blocked, held_words=held, phi_confirmed=confirmed)
        == verdict
    )


def test_crisis_keeps_the_personal_information_spans_for_the_moderator():
    result = screen_text(CRISIS_AND_ADDRESS)
    assert [CRISIS_AND_ADDRESS[m.start : m.end] for m in result.phi] == ["42 Elm Street"]
