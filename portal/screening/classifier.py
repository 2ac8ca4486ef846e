"""The crisis classifier: a second signal beside the rules (issue 14 point 2), a logistic
regression trained in this repository by ``make screening-model`` (``portal.screening.train``,
scikit-learn, dev corpus only) and exported as JSON in ``model/crisis_classifier.json``.

Run time is pure Python: no numpy or scikit-learn, the model is read once. The features are
computed here, by the one function training uses too (``features``): word unigrams and bigrams
over the normalised tokens (accents, leetspeak and long letter runs folded by
``portal.screening.normalise``) and character 3-5-grams within words, hashed with CRC-32 (stable
across processes, unlike ``hash()``) into a fixed number of buckets; each present feature
is counted and the counts are scaled by 1/sqrt(their total), so short and long windows
weigh alike (for a text without repeats that is the unit-length binary vector).

A long text is read in overlapping windows of about WINDOW characters and the most worrying
window counts, so one crisis sentence buried in a long post is not diluted by the rest.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zlib import crc32

from portal.screening.normalise import Token, tokenise, variants

MODEL_PATH = Path(__file__).resolve().parent / "model" / "crisis_classifier.json"
BUCKETS = 2**18
CHAR_NGRAMS = (3, 5)
WINDOW = 600  # characters
STRIDE = 300
_LONG_RUN = re.compile(r"(\w)\1{2,}")
_CHAR_PREFIX = crc32(b"c:")


@dataclass(frozen=True)
class Model:
    """Two linear scorers over the same features: crisis vs not, and concern-or-crisis vs not."""

    crisis_weights: dict[int, float]
    crisis_intercept: float
    concern_weights: dict[int, float]
    concern_intercept: float
    crisis_threshold: float
    concern_threshold: float
    dev_sha256: str
    # Per word: its features' summed weights in both models, and how many features it has.
    _word_sums: dict[str, tuple[float, float, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _bigram_weights: dict[tuple[str, str], tuple[float, float]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def word_sums(self, word: str) -> tuple[float, float, int]:
        found = self._word_sums.get(word)
        if found is None:
            buckets = _word_features(word)
            found = (
                sum(self.crisis_weights.get(b, 0.0) for b in buckets),
                sum(self.concern_weights.get(b, 0.0) for b in buckets),
                len(buckets),
            )
            if len(self._word_sums) < 100_000:
                self._word_sums[word] = found
        return found

    def bigram_weights(self, first: str, second: str) -> tuple[float, float]:
        found = self._bigram_weights.get((first, second))
        if found is None:
            bucket = _bigram(first, second)
            found = (self.crisis_weights.get(bucket, 0.0), self.concern_weights.get(bucket, 0.0))
            if len(self._bigram_weights) < 200_000:
                self._bigram_weights[(first, second)] = found
        return found


@dataclass(frozen=True)
class Reading:
    """The classifier's probabilities for a text (the most worrying window of a long one)."""

    crisis: float
    concern: float
    crisis_threshold: float
    concern_threshold: float

    @property
    def is_crisis(self) -> bool:
        return self.crisis >= self.crisis_threshold

    @property
    def is_concern(self) -> bool:
        return self.concern >= self.concern_threshold


def _bucket(feature: str) -> int:
    return crc32(feature.encode("utf-8")) % BUCKETS


def canonical(token: Token) -> str:
    """One spelling per token: leetspeak decoded and long runs cut to two letters when that
    gives a word ("k1ll" is "kill", "killllll" is "kill"), numbers as one symbol."""
    return _canonical(token.text)


@lru_cache(maxsize=65536)
def _canonical(word: str) -> str:
    if word.isdigit():
        return "0"
    return min(
        variants(word), key=lambda v: (not v.isalpha(), bool(_LONG_RUN.search(v)), -len(v), v)
    )


@lru_cache(maxsize=65536)
def _word_features(word: str) -> tuple[int, ...]:
    """The unigram ("w:word") and the character n-grams ("c:<wo", ...) of one word, with
    boundary marks. CRC-32 continues from the prefix's value, which equals the CRC-32 of
    prefix + n-gram but costs less (this is the slow part of a post full of new words)."""
    low, high = CHAR_NGRAMS
    padded = f"<{word}>"
    grams = {
        padded[i : i + size] for size in range(low, high + 1) for i in range(len(padded) - size + 1)
    }
    found = {crc32(gram.encode("utf-8"), _CHAR_PREFIX) % BUCKETS for gram in grams}
    found.add(_bucket(f"w:{word}"))
    return tuple(sorted(found))


@lru_cache(maxsize=65536)
def _bigram(first: str, second: str) -> int:
    return _bucket(f"b:{first} {second}")


def token_features(tokens: Sequence[Token]) -> list[tuple[int, ...]]:
    """Per token: its word features and the bigram it ends (none across a sentence end)."""
    words = [canonical(token) for token in tokens]
    found = []
    for index, word in enumerate(words):
        buckets = _word_features(word)
        if index and tokens[index - 1].sentence == tokens[index].sentence:
            buckets = (*buckets, _bigram(words[index - 1], word))
        found.append(buckets)
    return found


def features(text: str, tokens: Sequence[Token] | None = None) -> list[Counter[int]]:
    """The features of ``text``, counted, one Counter per window (one for a text of WINDOW
    characters or fewer). Training uses this function; ``read`` computes the same sums
    token by token (a test checks they agree)."""
    tokens = tokenise(text) if tokens is None else tokens
    per_token = token_features(tokens)
    starts = [token.start for token in tokens]
    windows = []
    for start, end in _window_spans(len(text)):
        counted: Counter[int] = Counter()
        for buckets in per_token[bisect_left(starts, start) : bisect_left(starts, end)]:
            counted.update(buckets)
        windows.append(counted)
    return windows


def _window_spans(length: int) -> list[tuple[int, int]]:
    if length <= WINDOW:
        return [(0, length + 1)]
    return [(start, start + WINDOW) for start in range(0, length - STRIDE, STRIDE)]


def score(counted: Counter[int], weights: dict[int, float], intercept: float) -> float:
    """The logistic of the weighted feature counts scaled by 1/sqrt(number of features)."""
    total = sum(counted.values())
    if not total:
        return _logistic(intercept)
    value = sum(weights.get(bucket, 0.0) * count for bucket, count in counted.items())
    return _logistic(intercept + value / math.sqrt(total))


def _logistic(value: float) -> float:
    if value < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-value))


def read(
    text: str, tokens: Sequence[Token] | None = None, *, model: Model | None = None
) -> Reading:
    """The classifier's reading of ``text``: per probability, the highest over its windows.

    The same sums as ``score(features(...))``, but each token's contribution is computed
    once (cached per word) and the windows add them up with prefix sums, so a long text
    costs little more than tokenising it."""
    model = model or load()
    tokens = tokenise(text) if tokens is None else tokens
    words = [_canonical(token.text) for token in tokens]
    crisis_sums, concern_sums, counts = [0.0], [0.0], [0]
    crisis_total = concern_total = 0.0
    total = 0
    previous = ("", -1)
    for token, word in zip(tokens, words, strict=True):
        crisis_part, concern_part, count = model.word_sums(word)
        if previous[1] == token.sentence:
            bigram_crisis, bigram_concern = model.bigram_weights(previous[0], word)
            crisis_part += bigram_crisis
            concern_part += bigram_concern
            count += 1
        previous = (word, token.sentence)
        crisis_total += crisis_part
        concern_total += concern_part
        total += count
        crisis_sums.append(crisis_total)
        concern_sums.append(concern_total)
        counts.append(total)
    starts = [token.start for token in tokens]
    crisis = concern = 0.0
    for start, end in _window_spans(len(text)):
        low, high = bisect_left(starts, start), bisect_left(starts, end)
        scale = 1 / math.sqrt(counts[high] - counts[low]) if counts[high] > counts[low] else 0.0
        crisis_value = (crisis_sums[high] - crisis_sums[low]) * scale + model.crisis_intercept
        concern_value = (concern_sums[high] - concern_sums[low]) * scale + model.concern_intercept
        crisis = max(crisis, _logistic(crisis_value))
        concern = max(concern, _logistic(concern_value))
    return Reading(crisis, concern, model.crisis_threshold, model.concern_threshold)


def model_from_dict(data: dict) -> Model:
    settings = data["features"]
    if settings["buckets"] != BUCKETS or tuple(settings["char_ngrams"]) != CHAR_NGRAMS:
        raise ValueError(
            f"{MODEL_PATH.name} was trained with other feature settings: run `make screening-model`"
        )
    crisis, concern = data["models"]["crisis"], data["models"]["concern"]
    return Model(
        crisis_weights={int(k): v for k, v in crisis["weights"].items()},
        crisis_intercept=crisis["intercept"],
        concern_weights={int(k): v for k, v in concern["weights"].items()},
        concern_intercept=concern["intercept"],
        crisis_threshold=crisis["threshold"],
        concern_threshold=concern["threshold"],
        dev_sha256=data["provenance"]["dev_sha256"],
    )


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> Model:
    """The exported model, read once per process."""
    with path.open(encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))


def corpus_sha256(paths: Iterable[Path]) -> str:
    """The SHA-256 of the files' bytes, concatenated in the order given (the model records
    the dev corpus it was trained on this way)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()
