"""The screening rules meet the three targets on the held-out corpus (issue 14 point 6):
crisis recall >= 95 %, PHI recall >= 95 %, false holds <= 5 %.

The held-out part is for measurement only. The failure message gives figures and
categories, never post texts, so a failing run cannot be used to tune on these posts.
"""

from __future__ import annotations

from portal.screening.evaluation import evaluate, load_corpus


def test_heldout_corpus_meets_the_screening_targets():
    report = evaluate(load_corpus("heldout"), part="heldout")
    missed = report.missed_targets()
    figures = "; ".join(f"{c.name} {c.rate} (target {c.target})" for c in report.targets())
    short = [f"{f.category} {f.rate}" for f in report.categories if f.rate.hits < f.rate.total]
    assert not missed, (
        f"held-out targets missed ({report.posts} posts): {figures}; concern held "
        f"{report.concern_held}. Categories below 100 %: {', '.join(short) or 'none'}"
    )
