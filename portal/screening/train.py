"""Train the crisis classifier (``make screening-model``): ``python -m portal.screening.train``.

Reads only the dev corpus (``tests/screening/corpus/dev/*.jsonl``; the held-out part is never
read here). Two logistic regressions (scikit-learn, liblinear, L2, balanced classes) over the
hashed features of ``portal.screening.classifier.features``: crisis vs not, and
concern-or-crisis vs not. C and both thresholds are chosen by stratified k-fold
cross-validation on dev: the crisis threshold holds at most MAX_FALSE_HOLDS of the ordinary
posts out of fold with the highest recall; the concern threshold then as low as possible with
both thresholds together still within that limit. The out-of-fold figures are printed and
recorded in the model file with its provenance.

scikit-learn is a dev dependency only: run time reads the JSON in pure Python.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from portal.screening import classifier
from portal.screening.crisis import CONCERN, CRISIS, assess_rules, context_decides

DEV_DIR = Path(__file__).resolve().parents[2] / "tests" / "screening" / "corpus" / "dev"
MAX_FALSE_HOLDS = 0.02
C_GRID = (1.0, 10.0, 30.0, 100.0, 300.0)
FOLDS = 5
SEED = 14
COMMAND = "make screening-model (python -m portal.screening.train)"


@dataclass(frozen=True)
class Post:
    text: str
    expected: str  # crisis, concern, phi, ordinary

    @property
    def crisis(self) -> int:
        return int(self.expected == "crisis")

    @property
    def concern(self) -> int:
        return int(self.expected in ("crisis", "concern"))


def dev_files(root: Path = DEV_DIR) -> list[Path]:
    return sorted(root.glob("*.jsonl"))


def load_dev(root: Path = DEV_DIR) -> list[Post]:
    posts = []
    for path in dev_files(root):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                posts.append(Post(record["text"], record["expected"]))
    return posts


def matrix(feature_sets: list[Counter[int]]) -> csr_matrix:
    """Counts scaled by 1/sqrt(their total), exactly as ``classifier.score`` weighs them."""
    rows, cols, values = [], [], []
    for row, counted in enumerate(feature_sets):
        total = sum(counted.values())
        for bucket, count in sorted(counted.items()):
            rows.append(row)
            cols.append(bucket)
            values.append(count / math.sqrt(total))
    return csr_matrix((values, (rows, cols)), shape=(len(feature_sets), classifier.BUCKETS))


def fit(x: csr_matrix, y: list[int], c: float) -> tuple[dict[int, float], float]:
    model = LogisticRegression(
        C=c, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=SEED
    )
    model.fit(x, np.asarray(y))
    weights = {int(i): float(w) for i, w in enumerate(model.coef_[0]) if w}
    return weights, float(model.intercept_[0])


def rounded(weights: dict[int, float]) -> dict[str, float]:
    kept = {bucket: round(weight, 4) for bucket, weight in sorted(weights.items())}
    return {str(bucket): weight for bucket, weight in kept.items() if weight}


def threshold_for(negatives: list[float], limit: float = MAX_FALSE_HOLDS) -> float:
    """The lowest threshold that holds at most ``limit`` of these negative scores."""
    ordered = sorted(negatives, reverse=True)
    allowed = math.floor(limit * len(ordered))
    if allowed >= len(ordered):
        return 0.5
    return _above(ordered[allowed])


def _above(value: float) -> float:
    """The smallest 4-decimal threshold above ``value`` (thresholds are exported rounded)."""
    return math.floor(value * 10_000 + 1) / 10_000


def share(flags: list[bool]) -> str:
    return f"{sum(flags) / len(flags):.1%} ({sum(flags)}/{len(flags)})" if flags else "n/a"


def out_of_fold(
    posts: list[Post], sets: list[Counter[int]], c: float
) -> tuple[list[float], list[float], list[tuple[list[int], classifier.Model]]]:
    """Out-of-fold probabilities of both models, and each fold's test indices and model."""
    crisis, concern = [0.0] * len(posts), [0.0] * len(posts)
    folds = []
    splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    labels = [post.expected for post in posts]
    for train, test in splitter.split(np.zeros(len(posts)), labels):
        x = matrix([sets[i] for i in train])
        crisis_w, crisis_b = fit(x, [posts[i].crisis for i in train], c)
        concern_w, concern_b = fit(x, [posts[i].concern for i in train], c)
        model = classifier.Model(crisis_w, crisis_b, concern_w, concern_b, 1.0, 1.0, "")
        for i in test:
            crisis[i] = classifier.score(sets[i], crisis_w, crisis_b)
            concern[i] = classifier.score(sets[i], concern_w, concern_b)
        folds.append(([int(i) for i in test], model))
    return crisis, concern, folds


def choose_thresholds(
    posts: list[Post], crisis: list[float], concern: list[float]
) -> tuple[float, float]:
    ordinary = [i for i, post in enumerate(posts) if post.expected == "ordinary"]
    crisis_t = threshold_for([crisis[i] for i in ordinary])
    # The concern threshold: ordinary posts not already held by the crisis threshold count.
    allowed = math.floor(MAX_FALSE_HOLDS * len(ordinary)) - sum(
        crisis[i] >= crisis_t for i in ordinary
    )
    rest = sorted((concern[i] for i in ordinary if crisis[i] < crisis_t), reverse=True)
    concern_t = _above(rest[allowed]) if 0 <= allowed < len(rest) else crisis_t
    return crisis_t, concern_t


def figures(
    posts: list[Post], crisis: list[float], concern: list[float], thresholds: tuple[float, float]
) -> dict[str, str]:
    crisis_t, concern_t = thresholds
    held = [crisis[i] >= crisis_t or concern[i] >= concern_t for i in range(len(posts))]

    def of(kind: str, flags: list[bool]) -> str:
        return share(
            [flag for flag, post in zip(flags, posts, strict=True) if post.expected == kind]
        )

    return {
        "crisis recall (classifier says crisis)": of("crisis", [p >= crisis_t for p in crisis]),
        "crisis posts held (crisis or concern)": of("crisis", held),
        "concern posts held": of("concern", held),
        "ordinary posts held (false holds)": of("ordinary", held),
        "PHI posts held": of("phi", held),
    }


def combined(posts: list[Post], crisis: list[float], concern: list[float], thresholds, *, cap: str):
    """Rules plus classifier on dev, as ``crisis.assess`` combines them. ``cap`` is what the
    classifier may do when the rules set every crisis word they found aside by context:
    "none" (no limit), "concern" (raise to CONCERN at most) or "ignore" (nothing)."""
    crisis_t, concern_t = thresholds
    levels = []
    for index, post in enumerate(posts):
        rules = assess_rules(post.text)
        level = rules.level
        set_aside = context_decides(rules)
        if set_aside and cap == "ignore":
            pass
        elif crisis[index] >= crisis_t and not (cap == "concern" and set_aside):
            level = CRISIS
        elif (crisis[index] >= crisis_t or concern[index] >= concern_t) and level != CRISIS:
            level = CONCERN
        levels.append(level)

    def of(kind: str, ok: set[str]) -> str:
        return share([lv in ok for lv, p in zip(levels, posts, strict=True) if p.expected == kind])

    return {
        "crisis recall": of("crisis", {CRISIS}),
        "concern held": of("concern", {CRISIS, CONCERN}),
        "false holds": of("ordinary", {CRISIS, CONCERN}),
    }


def long_posts(posts: list[Post], folds, thresholds) -> dict[str, str]:
    """Crisis sentences buried in long posts built from held-out-fold posts: the most
    worrying ~600-character window against one reading of the whole text."""
    rng = random.Random(SEED)  # noqa: S311 - shuffles test posts, not security
    results: dict[str, list[bool]] = {}
    for test, model in folds:
        crises = [posts[i].text for i in test if posts[i].expected == "crisis"]
        ordinary = [posts[i].text for i in test if posts[i].expected == "ordinary"]
        for text, kind in [(t, "crisis") for t in crises] + [("", "ordinary")] * len(crises):
            parts = rng.sample(ordinary, min(8, len(ordinary)))
            if text:
                parts.insert(rng.randrange(len(parts) + 1), text)
            long_text = " ".join(parts)
            windowed = classifier.read(long_text, model=model)
            for how, reading in (
                ("windows", (windowed.crisis, windowed.concern)),
                ("whole", _whole(long_text, model)),
            ):
                held = reading[0] >= thresholds[0] or reading[1] >= thresholds[1]
                results.setdefault(f"{how}: {kind} long posts held", []).append(held)
    return {name: share(flags) for name, flags in sorted(results.items())}


def _whole(text: str, model: classifier.Model) -> tuple[float, float]:
    chosen = sum(classifier.features(text), Counter())
    return (
        classifier.score(chosen, model.crisis_weights, model.crisis_intercept),
        classifier.score(chosen, model.concern_weights, model.concern_intercept),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=classifier.MODEL_PATH)
    args = parser.parse_args(argv)
    posts = load_dev()
    # One row per post: its windows' features together (dev posts fit in one window).
    sets = [sum(classifier.features(post.text), Counter()) for post in posts]
    print(f"dev corpus: {len(posts)} posts; choosing C by {FOLDS}-fold cross-validation")
    best = None
    for c in C_GRID:
        crisis, concern, folds = out_of_fold(posts, sets, c)
        thresholds = choose_thresholds(posts, crisis, concern)
        found = figures(posts, crisis, concern, thresholds)
        print(f"  C={c:<5} thresholds {thresholds[0]:.3f}/{thresholds[1]:.3f}: {found}")
        key = (
            _rate(found["crisis recall (classifier says crisis)"]),
            _rate(found["concern posts held"]),
        )
        if best is None or key > best[0]:
            best = (key, c, crisis, concern, folds, thresholds, found)
    _, c, crisis, concern, folds, thresholds, found = best
    print(f"chosen C={c}; out-of-fold figures (classifier alone):")
    for name, value in found.items():
        print(f"  {name}: {value}")
    with_rules = {
        "rules alone": combined(posts, [0.0] * len(posts), [0.0] * len(posts), (1, 1), cap="none"),
        "no context limit": combined(posts, crisis, concern, thresholds, cap="none"),
        "set aside: concern at most": combined(posts, crisis, concern, thresholds, cap="concern"),
        "set aside: classifier ignored": combined(posts, crisis, concern, thresholds, cap="ignore"),
    }
    for name, value in with_rules.items():
        print(f"  rules + classifier out of fold, {name}: {value}")
    long = long_posts(posts, folds, thresholds)
    for name, value in long.items():
        print(f"  {name}: {value}")
    x = matrix(sets)
    crisis_w, crisis_b = fit(x, [post.crisis for post in posts], c)
    concern_w, concern_b = fit(x, [post.concern for post in posts], c)
    data = {
        "features": {
            "buckets": classifier.BUCKETS,
            "hash": "zlib.crc32 of the UTF-8 feature name, modulo buckets",
            "word_ngrams": [1, 2],
            "char_ngrams": list(classifier.CHAR_NGRAMS),
            "values": "counts scaled by 1/sqrt(their total)",
            "window": classifier.WINDOW,
            "stride": classifier.STRIDE,
        },
        "models": {
            "crisis": {
                "intercept": round(crisis_b, 6),
                "threshold": thresholds[0],
                "weights": rounded(crisis_w),
            },
            "concern": {
                "intercept": round(concern_b, 6),
                "threshold": thresholds[1],
                "weights": rounded(concern_w),
            },
        },
        "cross_validation": {
            "folds": FOLDS,
            "seed": SEED,
            "C": c,
            "max_false_holds": MAX_FALSE_HOLDS,
            "classifier": found,
            "with_rules": with_rules,
            "long_posts": long,
        },
        "provenance": {
            "dev_sha256": classifier.corpus_sha256(dev_files()),
            "dev_files": [path.name for path in dev_files()],
            "posts": len(posts),
            "sklearn": sklearn.__version__,
            "python": sys.version.split()[0],
            "command": COMMAND,
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n")
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB)")
    return 0


def _rate(text: str) -> float:
    return float(text.split("%")[0]) if text != "n/a" else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
