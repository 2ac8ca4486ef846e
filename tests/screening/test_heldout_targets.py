"""The screening rules on the held-out corpus (issue 14 point 6).

Targets: crisis recall >= 95 %, PHI recall >= 95 %, false holds <= 5 %. They are NOT met yet
(issue 14 stays open), so CI holds the figures last measured on the held-out part as a floor
that no change may fall below, and the failure message says how far each target still is.
When a change meets a target, raise its floor here (never lower one); when all three are met,
the floors are the targets.

The held-out part is for measurement only. The failure message gives figures and
categories, never post texts, so a failing run cannot be used to tune on these posts.
"""

from __future__ import annotations

from fractions import Fraction

from portal.screening.evaluation import evaluate, load_corpus

# Measured on 2026-11-26 (433 held-out posts), with the rules and classifier of that day.
CRISIS_RECALL_FLOOR = Fraction(108, 162)  # 66.7 %
PHI_RECALL_FLOOR = Fraction(112, 121)  # 92.6 %
FALSE_HOLDS_CEILING = Fraction(8, 122)  # 6.6 %


def _fraction(rate) -> Fraction:
    return Fraction(rate.hits, rate.total)


def test_heldout_figures_never_fall_below_their_measured_floor():
    report = evaluate(load_corpus("heldout"), part="heldout")
    crisis, phi = _fraction(report.crisis_recall), _fraction(report.phi_recall)
    false_holds = _fraction(report.false_holds)
    figures = "; ".join(f"{c.name} {c.rate} (target {c.target})" for c in report.targets())
    short = [f"{f.category} {f.rate}" for f in report.categories if f.rate.hits < f.rate.total]
    message = (
        f"held-out figures ({report.posts} posts): {figures}; concern held "
        f"{report.concern_held}. Categories below 100 %: {', '.join(short) or 'none'}"
    )
    assert crisis >= CRISIS_RECALL_FLOOR, message
    assert phi >= PHI_RECALL_FLOOR, message
    assert false_holds <= FALSE_HOLDS_CEILING, message
