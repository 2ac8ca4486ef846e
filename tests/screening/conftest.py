"""A tiny corpus written under a temporary BASE_DIR, and a screen that answers from a table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from portal.screening.detectors import Match
from portal.screening.services import Decision, ScreeningResult

# The smallest corpus with every label, in both parts.
TINY_CORPUS = {
    "dev": {
        "crisis": [("I am going to end it tonight", "crisis:direct", [])],
        "concern": [("what's the point of anything lately", "concern:hopeless", [])],
        "phi": [
            ("ring me on 0161 496 0000", "phi:phone", ["phone"]),
            ("my NHS number is 999 526 0182", "phi:nhs_number", ["nhs_number"]),
        ],
        "ordinary": [
            ("this headache is killing me", "ordinary:figure_of_speech", []),
            ("metformin 500 mg twice daily", "ordinary:doses_and_labs", []),
        ],
    },
    "heldout": {
        "crisis": [("tonight is my last night", "crisis:direct", [])],
        "concern": [("nothing feels worth it anymore", "concern:hopeless", [])],
        "phi": [("text 07700 900123 any time", "phi:phone", ["phone"])],
        "ordinary": [("I'd kill for a coffee", "ordinary:figure_of_speech", [])],
    },
}


def record(stem: str, part: str, number: int, text: str, category: str, kinds: list) -> dict:
    return {
        "id": f"{stem}-{part}-{number:04d}",
        "text": text,
        "expected": category.split(":")[0],
        "category": category,
        "phi_kinds": kinds,
        "lang": "en",
        "style": "plain",
    }


def write_lines(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def write_records(path: Path, records: list[dict]) -> Path:
    return write_lines(path, [json.dumps(r, ensure_ascii=False) for r in records])


@pytest.fixture
def tiny_corpus(tmp_path: Path, settings) -> Path:
    """TINY_CORPUS written under a temporary BASE_DIR; returns the corpus directory."""
    settings.BASE_DIR = tmp_path
    root = tmp_path / "tests" / "screening" / "corpus"
    for part, files in TINY_CORPUS.items():
        for stem, posts in files.items():
            records = [record(stem, part, n, *post) for n, post in enumerate(posts, start=1)]
            write_records(root / part / f"{stem}.jsonl", records)
    return root


def table_screen(answers: dict[str, tuple[str, list[str]]]) -> Callable[[str], ScreeningResult]:
    """A screen answering (decision, found kinds) from a table; unknown texts are allowed."""

    def screen(text: str) -> ScreeningResult:
        decision, kinds = answers.get(text, (Decision.ALLOW, []))
        return ScreeningResult(decision=decision, phi=[Match(k, 0, 1, text[:1]) for k in kinds])

    return screen


def perfect_answers() -> dict[str, tuple[str, list[str]]]:
    """The right answer for every post of TINY_CORPUS."""
    answers = {}
    for files in TINY_CORPUS.values():
        for stem, posts in files.items():
            for text, _category, kinds in posts:
                decision = {"crisis": Decision.CRISIS, "concern": "concern", "phi": Decision.PHI}
                answers[text] = (decision.get(stem, Decision.ALLOW), kinds)
    return answers
