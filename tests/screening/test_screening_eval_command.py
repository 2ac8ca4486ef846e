"""manage.py screening_eval: the figures and table it prints, its --check exit status, and
its refusal to show held-out misses."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.core.management.commands.screening_eval import Command
from portal.screening import evaluation
from portal.screening.services import Decision
from tests.screening.conftest import perfect_answers, table_screen

WRONG_ON_ORDINARY = {"this headache is killing me": (Decision.CRISIS, [])}


@pytest.fixture
def screen_answers(monkeypatch, tiny_corpus: Path):
    """Make the command screen the tiny corpus from a table; returns the table to adjust."""
    answers = perfect_answers()
    monkeypatch.setattr(evaluation, "screen_text", table_screen(answers))
    return answers


def _run(*args: str) -> str:
    out = StringIO()
    call_command("screening_eval", *args, stdout=out)
    return out.getvalue()


def test_prints_the_headline_figures_and_the_category_table(screen_answers):
    screen_answers.update(WRONG_ON_ORDINARY)
    output = _run("--part", "dev")
    assert "part dev: 6 posts" in output
    assert "crisis recall  100.0% (1/1)" in output
    assert "PHI recall     100.0% (2/2)" in output
    assert "false holds    50.0% (1/2)" in output and "MISSED" in output
    assert "concern held   100.0% (1/1)" in output
    assert "ordinary:figure_of_speech            0.0% (0/1)" in output
    assert "nhs_number           100.0% (1/1)" in output


def test_misses_are_listed_by_id_without_their_text(screen_answers):
    screen_answers.update(WRONG_ON_ORDINARY)
    output = _run("--part", "heldout")
    assert "Misses: 0" in output
    output = _run("--part", "dev")
    assert "ordinary-dev-0001 [ordinary:figure_of_speech] false hold, decision crisis" in output
    assert "headache" not in output


def test_show_misses_prints_the_texts_on_the_dev_part(screen_answers):
    screen_answers.update(WRONG_ON_ORDINARY)
    output = _run("--part", "dev", "--show-misses")
    assert "false hold, decision crisis: this headache is killing me" in output


@pytest.mark.parametrize("part", ["heldout", "all"])
def test_show_misses_is_refused_on_the_held_out_posts(screen_answers, part):
    with pytest.raises(CommandError, match="never used for tuning"):
        _run("--part", part, "--show-misses")


def test_show_misses_on_held_out_posts_needs_the_explicit_flag(screen_answers):
    screen_answers["I'd kill for a coffee"] = (Decision.CRISIS, [])
    output = _run("--part", "heldout", "--show-misses", "--i-am-not-tuning")
    assert "decision crisis: I'd kill for a coffee" in output


def test_category_limits_the_table_and_the_misses(screen_answers):
    screen_answers.update(WRONG_ON_ORDINARY)
    output = _run("--part", "dev", "--category", "phi:phone")
    assert "phi:phone " in output and "ordinary:" not in output
    assert "Misses: 0" in output
    output = _run("--part", "dev", "--category", "ordinary")
    assert "ordinary:doses_and_labs" in output and "phi:phone " not in output
    assert "Misses: 1" in output


def test_an_unknown_category_is_an_error(screen_answers):
    with pytest.raises(CommandError, match=r"No category 'crisis:slang'.*crisis:direct"):
        _run("--part", "dev", "--category", "crisis:slang")


def test_check_passes_quietly_when_every_target_is_met(screen_answers):
    assert "MISSED" not in _run("--part", "all", "--check")


def test_check_exits_with_status_1_when_a_target_is_missed(screen_answers, capsys):
    screen_answers.update(WRONG_ON_ORDINARY)
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(
            ["manage.py", "screening_eval", "--part", "dev", "--check", "--skip-checks"]
        )
    assert exit_.value.code == 1
    assert "Targets missed: false holds 50.0% (1/2) (target <= 5%)" in capsys.readouterr().err


def test_without_check_a_missed_target_does_not_fail_the_command(screen_answers):
    screen_answers.update(WRONG_ON_ORDINARY)
    assert "false holds    50.0% (1/2)" in _run("--part", "dev")


def test_a_bad_record_is_reported_with_its_file_and_line(screen_answers, tiny_corpus: Path):
    path = tiny_corpus / "dev" / "phi.jsonl"
    path.write_text(path.read_text() + "{not json\n", "utf-8")
    with pytest.raises(
        CommandError, match=re.escape(f"Corpus problem: {path}:3: not a JSON object")
    ):
        _run("--part", "dev")
