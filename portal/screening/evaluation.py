"""Measure ``screen_text`` against the labelled corpus in ``tests/screening/corpus/``.

The corpus has two parts: ``dev`` (for looking at misses while improving the rules) and
``heldout`` (for measurement only: no one tunes rules on it). Each part is a set of JSON
Lines files named after the label they hold, one post per line::

    {"id": "phi-dev-0001", "text": "...", "expected": "phi", "category": "phi:obfuscated_email",
     "phi_kinds": ["email"], "lang": "en", "style": "plain"}

``expected`` is crisis, concern, phi or ordinary; ``category`` is ``<expected>:<snake_case>``;
``phi_kinds``, ``lang`` and ``style`` come from the closed lists below. Ids are unique, and
no text (lowercased, spaces collapsed) appears twice, in one part or across both.

Figures (issue 14 point 6):

- crisis recall: share of ``crisis`` posts whose decision is CRISIS;
- concern held: share of ``concern`` posts whose decision is CRISIS or CONCERN;
- PHI recall: share of posts with personal information (``phi_kinds`` not empty) for which
  screening found any personal information; per kind, the share where that kind was found;
- false holds: share of ``ordinary`` posts whose decision is not ALLOW.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from portal.screening.services import Decision, ScreeningResult, screen_text

PARTS = ("dev", "heldout")
EXPECTED = ("crisis", "concern", "phi", "ordinary")
PHI_KINDS = (
    "phone",
    "email",
    "address",
    "date_of_birth",
    "ssn",
    "record_number",
    "nhs_number",
    "insurance_id",
    "name_with_facility",
)
LANGS = ("en", "es", "mixed")
STYLES = (
    "short",
    "long",
    "run_on",
    "all_caps",
    "no_punctuation",
    "typos",
    "slang",
    "mixed_lang",
    "plain",
)
FIELDS = frozenset({"id", "text", "expected", "category", "phi_kinds", "lang", "style"})
# Decision.CONCERN may not exist yet: compare with its value so this works before and after.
CONCERN = "concern"

CRISIS_RECALL_TARGET = 0.95
PHI_RECALL_TARGET = 0.95
FALSE_HOLD_LIMIT = 0.05

_CATEGORY = re.compile(r"(?P<expected>[a-z]+):[a-z0-9]+(?:_[a-z0-9]+)*")


class CorpusError(ValueError):
    """A corpus file or record does not follow the format; the message names file and line."""


@dataclass(frozen=True)
class Post:
    id: str
    text: str
    expected: str
    category: str
    phi_kinds: tuple[str, ...]
    lang: str
    style: str
    part: str
    source: str  # "<file>:<line>", for error messages


@dataclass(frozen=True)
class Rate:
    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def add(self, hit: bool) -> Rate:
        return Rate(self.hits + int(hit), self.total + 1)

    def __str__(self) -> str:
        if self.value is None:
            return "n/a (no posts)"
        return f"{self.value:.1%} ({self.hits}/{self.total})"


@dataclass(frozen=True)
class Miss:
    post: Post
    reason: str  # "crisis not held", "concern not held", "phi not found", "false hold"
    decision: str


@dataclass(frozen=True)
class CategoryFigure:
    category: str
    rate: Rate  # share of the category's posts screened as expected


@dataclass(frozen=True)
class TargetCheck:
    name: str
    rate: Rate
    target: str
    met: bool


@dataclass(frozen=True)
class Report:
    part: str
    posts: int
    crisis_recall: Rate
    concern_held: Rate
    phi_recall: Rate
    false_holds: Rate
    phi_by_kind: dict[str, Rate]
    categories: list[CategoryFigure]
    misses: list[Miss] = field(default_factory=list)

    def targets(self) -> list[TargetCheck]:
        """The three targets; a figure with no posts to measure counts as missed."""
        return [
            _at_least("crisis recall", self.crisis_recall, CRISIS_RECALL_TARGET),
            _at_least("PHI recall", self.phi_recall, PHI_RECALL_TARGET),
            TargetCheck(
                "false holds",
                self.false_holds,
                f"<= {FALSE_HOLD_LIMIT:.0%}",
                self.false_holds.value is not None and self.false_holds.value <= FALSE_HOLD_LIMIT,
            ),
        ]

    def missed_targets(self) -> list[TargetCheck]:
        return [check for check in self.targets() if not check.met]


def _at_least(name: str, rate: Rate, target: float) -> TargetCheck:
    met = rate.value is not None and rate.value >= target
    return TargetCheck(name, rate, f">= {target:.0%}", met)


def corpus_root() -> Path:
    return Path(settings.BASE_DIR) / "tests" / "screening" / "corpus"


def load_corpus(part: str, *, root: Path | None = None) -> list[Post]:
    """Every post of ``part`` (``dev``, ``heldout`` or ``all``), validated.

    Raises CorpusError naming the file and line of the first bad record, a duplicate id or
    a duplicate text (after lowercasing and collapsing spaces, also across parts).
    """
    if part not in (*PARTS, "all"):
        raise CorpusError(f"unknown part {part!r}: choose one of dev, heldout, all")
    root = root or corpus_root()
    posts = [
        post
        for name in (PARTS if part == "all" else (part,))
        for path in _part_files(root, name)
        for post in _read_file(path, name)
    ]
    _check_unique(posts)
    return posts


def _part_files(root: Path, part: str) -> list[Path]:
    files = sorted((root / part).glob("*.jsonl"))
    if not files:
        raise CorpusError(f"{root / part}: no *.jsonl files in this corpus part")
    return files


def _read_file(path: Path, part: str) -> Iterable[Post]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            yield _parse_record(line, part, path.stem, f"{path}:{number}")


def _parse_record(line: str, part: str, stem: str, source: str) -> Post:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{source}: not a JSON object ({error.msg})") from error
    if not isinstance(record, dict):
        raise CorpusError(f"{source}: not a JSON object")
    problem = _record_problem(record, part, stem)
    if problem:
        raise CorpusError(f"{source}: {problem}")
    return Post(
        **{name: record[name] for name in FIELDS - {"phi_kinds"}},
        phi_kinds=tuple(record["phi_kinds"]),
        part=part,
        source=source,
    )


def _record_problem(record: dict, part: str, stem: str) -> str | None:
    """What is wrong with a record, or None."""
    if set(record) != FIELDS:
        missing, extra = sorted(FIELDS - set(record)), sorted(set(record) - FIELDS)
        return f"fields must be exactly {sorted(FIELDS)} (missing {missing}, unexpected {extra})"
    strings = ("id", "text", "expected", "category", "lang", "style")
    if not all(isinstance(record[name], str) for name in strings):
        return f"{', '.join(strings)} must be strings"
    if not re.fullmatch(rf"{re.escape(stem)}-{part}-\d{{4}}", record["id"]):
        return f"id {record['id']!r} must look like {stem}-{part}-0001"
    if not record["text"].strip():
        return "text is empty"
    return _label_problem(record)


def _label_problem(record: dict) -> str | None:
    expected, kinds = record["expected"], record["phi_kinds"]
    category = _CATEGORY.fullmatch(record["category"])
    if expected not in EXPECTED:
        return f"expected {expected!r} is not one of {list(EXPECTED)}"
    if not category or category["expected"] != expected:
        return f"category {record['category']!r} must be '{expected}:<lower_snake_case>'"
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        return "phi_kinds must be a list of strings"
    unknown = sorted(set(kinds) - set(PHI_KINDS))
    if unknown or len(set(kinds)) != len(kinds):
        return f"phi_kinds {kinds} has unknown or repeated kinds (allowed: {list(PHI_KINDS)})"
    if expected == "phi" and not kinds:
        return "a post expected 'phi' must list at least one kind in phi_kinds"
    if expected == "ordinary" and kinds:
        return "a post expected 'ordinary' cannot contain personal information (phi_kinds)"
    if record["lang"] not in LANGS:
        return f"lang {record['lang']!r} is not one of {list(LANGS)}"
    if record["style"] not in STYLES:
        return f"style {record['style']!r} is not one of {list(STYLES)}"
    return None


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def _check_unique(posts: list[Post]) -> None:
    ids: dict[str, Post] = {}
    texts: dict[str, Post] = {}
    for post in posts:
        for seen, key, what in ((ids, post.id, "id"), (texts, normalised(post.text), "text")):
            if key in seen:
                raise CorpusError(f"{post.source}: duplicate {what}, first at {seen[key].source}")
            seen[key] = post


def evaluate(
    posts: Iterable[Post],
    *,
    part: str,
    screen: Callable[[str], ScreeningResult] | None = None,
) -> Report:
    """Screen every post (no extra crisis phrases) and compute the figures and misses."""
    screen = screen or screen_text
    tally = _Tally()
    for post in posts:
        tally.add(post, screen(post.text))
    return tally.report(part)


class _Tally:
    """Running counts while posts are screened."""

    def __init__(self) -> None:
        self.posts = 0
        self.by_expected = {expected: Rate() for expected in EXPECTED}
        self.phi_recall = Rate()
        self.phi_by_kind: dict[str, Rate] = {}
        self.categories: dict[str, Rate] = {}
        self.misses: list[Miss] = []

    def add(self, post: Post, result: ScreeningResult) -> None:
        self.posts += 1
        decision = str(result.decision)
        ok, reason = _as_expected(post.expected, decision, found_phi=bool(result.phi))
        self.by_expected[post.expected] = self.by_expected[post.expected].add(ok)
        self.categories[post.category] = self.categories.get(post.category, Rate()).add(ok)
        if not ok:
            self.misses.append(Miss(post, reason, decision))
        if post.phi_kinds:
            self._add_phi(post, result, decision)

    def _add_phi(self, post: Post, result: ScreeningResult, decision: str) -> None:
        found = {match.kind for match in result.phi}
        self.phi_recall = self.phi_recall.add(bool(found))
        for kind in post.phi_kinds:
            self.phi_by_kind[kind] = self.phi_by_kind.get(kind, Rate()).add(kind in found)
        if not found and post.expected != "phi":  # a phi post's miss is already listed
            self.misses.append(Miss(post, "phi not found", decision))

    def report(self, part: str) -> Report:
        ordinary = self.by_expected["ordinary"]
        return Report(
            part=part,
            posts=self.posts,
            crisis_recall=self.by_expected["crisis"],
            concern_held=self.by_expected["concern"],
            phi_recall=self.phi_recall,
            false_holds=Rate(ordinary.total - ordinary.hits, ordinary.total),
            phi_by_kind={
                kind: self.phi_by_kind[kind] for kind in PHI_KINDS if kind in self.phi_by_kind
            },
            categories=[
                CategoryFigure(name, rate) for name, rate in sorted(self.categories.items())
            ],
            misses=self.misses,
        )


def _as_expected(expected: str, decision: str, *, found_phi: bool) -> tuple[bool, str]:
    """Whether a post was screened right for its label, and the miss reason if not."""
    if expected == "crisis":
        return decision == Decision.CRISIS, "crisis not held"
    if expected == "concern":
        return decision in (Decision.CRISIS, CONCERN), "concern not held"
    if expected == "phi":
        # Found personal information, whatever the decision (crisis outranks PHI but a
        # crisis result still reports the PHI matches).
        return found_phi, "phi not found"
    return decision == Decision.ALLOW, "false hold"
