"""The evaluation's figures: what counts as a crisis hit, a held concern, found PHI and a
false hold, and which posts are listed as misses."""

from __future__ import annotations

from pathlib import Path

from portal.screening.evaluation import Rate, evaluate, load_corpus
from portal.screening.services import Decision
from tests.screening.conftest import perfect_answers, table_screen


def _evaluate(part: str, answers: dict):
    return evaluate(load_corpus(part), part=part, screen=table_screen(answers))


def test_a_perfect_screen_meets_every_target(tiny_corpus: Path):
    report = _evaluate("all", perfect_answers())
    assert report.missed_targets() == []
    assert report.crisis_recall == Rate(2, 2)
    assert report.concern_held == Rate(2, 2)
    assert report.phi_recall == Rate(3, 3)
    assert report.false_holds == Rate(0, 3)
    assert report.misses == []


def test_crisis_recall_counts_only_crisis_decisions(tiny_corpus: Path):
    answers = perfect_answers() | {"I am going to end it tonight": ("concern", [])}
    report = _evaluate("dev", answers)
    assert report.crisis_recall == Rate(0, 1)
    assert [(m.post.id, m.reason, m.decision) for m in report.misses] == [
        ("crisis-dev-0001", "crisis not held", "concern")
    ]
    assert [check.name for check in report.missed_targets()] == ["crisis recall"]


def test_a_concern_post_is_held_by_a_crisis_or_concern_decision_only(tiny_corpus: Path):
    text = "what's the point of anything lately"
    held = [_evaluate("dev", perfect_answers() | {text: (d, [])}) for d in ("concern", "crisis")]
    assert [report.concern_held for report in held] == [Rate(1, 1), Rate(1, 1)]
    missed = _evaluate("dev", perfect_answers() | {text: (Decision.PHI, ["phone"])})
    assert missed.concern_held == Rate(0, 1)
    assert missed.missed_targets() == []  # concern held is reported, not a target


def test_phi_recall_needs_some_match_and_per_kind_needs_that_exact_kind(tiny_corpus: Path):
    answers = perfect_answers() | {
        "ring me on 0161 496 0000": (Decision.PHI, ["record_number"]),
        "my NHS number is 999 526 0182": (Decision.ALLOW, []),
    }
    report = _evaluate("dev", answers)
    assert report.phi_recall == Rate(1, 2)
    assert report.phi_by_kind == {"phone": Rate(0, 1), "nhs_number": Rate(0, 1)}
    assert [m.post.id for m in report.misses] == ["phi-dev-0002"]


def test_phi_in_a_crisis_post_counts_towards_phi_recall(tiny_corpus: Path):
    crisis = tiny_corpus / "dev" / "crisis.jsonl"
    crisis.write_text(
        crisis.read_text().replace('"phi_kinds": []', '"phi_kinds": ["phone"]'), "utf-8"
    )
    report = _evaluate("dev", perfect_answers())  # the crisis post is held but no PHI found
    assert report.crisis_recall == Rate(1, 1)
    assert report.phi_recall == Rate(2, 3)
    assert [(m.post.id, m.reason) for m in report.misses] == [("crisis-dev-0001", "phi not found")]


def test_any_decision_but_allow_on_an_ordinary_post_is_a_false_hold(tiny_corpus: Path):
    answers = perfect_answers() | {
        "this headache is killing me": (Decision.CRISIS, []),
        "metformin 500 mg twice daily": (Decision.PHI, ["phone"]),
    }
    report = _evaluate("dev", answers)
    assert report.false_holds == Rate(2, 2)
    assert {m.reason for m in report.misses} == {"false hold"}
    assert [c.name for c in report.missed_targets()] == ["false holds"]


def test_figures_are_given_per_category(tiny_corpus: Path):
    answers = perfect_answers() | {"this headache is killing me": (Decision.CRISIS, [])}
    report = _evaluate("all", answers)
    figures = {figure.category: figure.rate for figure in report.categories}
    assert figures["ordinary:figure_of_speech"] == Rate(1, 2)
    assert figures["ordinary:doses_and_labs"] == Rate(1, 1)
    assert figures["phi:phone"] == Rate(2, 2)


def test_a_figure_with_no_posts_misses_its_target(tiny_corpus: Path):
    for stem in ("crisis", "concern"):
        (tiny_corpus / "dev" / f"{stem}.jsonl").unlink()
    report = _evaluate("dev", perfect_answers())
    assert report.crisis_recall.value is None
    assert str(report.crisis_recall) == "n/a (no posts)"
    assert [check.name for check in report.missed_targets()] == ["crisis recall"]
