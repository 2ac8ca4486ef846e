"""The crisis classifier: reproducible from the dev corpus, deterministic, pure Python at run
time, and a second signal in ``crisis.assess`` that respects the rules' context."""

from __future__ import annotations

import builtins
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from portal.screening import classifier, crisis
from portal.screening.crisis import CONCERN, CRISIS, NONE, assess
from portal.screening.services import Decision, screen_text

DEV_DIR = Path(__file__).resolve().parent / "corpus" / "dev"


def test_model_was_trained_on_the_current_dev_corpus():
    """Changing the dev corpus without retraining fails here."""
    recorded = classifier.load().dev_sha256
    current = classifier.corpus_sha256(sorted(DEV_DIR.glob("*.jsonl")))
    assert recorded == current, (
        "tests/screening/corpus/dev changed since the crisis classifier was trained: "
        "run `make screening-model` and commit portal/screening/model/crisis_classifier.json"
    )


def test_model_records_its_provenance_and_settings():
    """The JSON says how it was made and with which feature settings."""
    data = json.loads(classifier.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["provenance"]["command"].startswith("make screening-model")
    assert data["provenance"]["posts"] == sum(
        1 for path in DEV_DIR.glob("*.jsonl") for line in path.open() if line.strip()
    )
    assert data["features"]["buckets"] == classifier.BUCKETS
    assert 0 < data["models"]["concern"]["threshold"] <= 1
    assert 0 < data["models"]["crisis"]["threshold"] <= 1


def test_features_are_the_same_in_a_fresh_process():
    """Hashing is stable across processes (CRC-32, not the salted ``hash()``)."""
    text = "Ich bin müde, sooo tired of everything, k1ll the lights"
    here = sorted(classifier.features(text)[0])
    code = (
        f"from portal.screening import classifier;print(sorted(classifier.features({text!r})[0]))"
    )
    there = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert json.loads(there) == here


def test_spelling_variants_share_word_features():
    """Case, accents, leetspeak and long letter runs fold to the same word."""
    plain = classifier.features("kill")[0]
    assert plain
    for variant in ("KILL", "k1ll", "killllll"):
        assert classifier.features(variant)[0] == plain
    assert classifier.features("adiós")[0] == classifier.features("adios")[0]


def test_long_text_is_read_in_bounded_windows():
    """A long text gives several windows, each of about WINDOW characters."""
    text = "My knee is sore after the walk today. " * 150
    windows = classifier.features(text)
    assert len(windows) == len(range(0, len(text) - classifier.STRIDE, classifier.STRIDE))
    assert len(classifier.features("short post")) == 1


def test_fast_reading_equals_the_training_features():
    """``read`` (prefix sums per token) gives what ``score`` gives on ``features``."""
    model = classifier.load()
    text = ("Long day at the clinic. " * 40) + "I can't keep going like this. " + "Tea? " * 30
    windows = classifier.features(text)
    reading = classifier.read(text)
    assert len(windows) > 1
    expected = max(
        classifier.score(w, model.crisis_weights, model.crisis_intercept) for w in windows
    )
    assert reading.crisis == pytest.approx(expected, abs=1e-9)
    expected = max(
        classifier.score(w, model.concern_weights, model.concern_intercept) for w in windows
    )
    assert reading.concern == pytest.approx(expected, abs=1e-9)


def test_model_loads_and_predicts_without_sklearn_or_numpy(monkeypatch):
    """Run time never imports scikit-learn, numpy or scipy."""
    real_import = builtins.__import__

    def forbidding(name, *args, **kwargs):
        if name.split(".")[0] in {"sklearn", "numpy", "scipy"}:
            raise ImportError(f"{name} imported at run time")
        return real_import(name, *args, **kwargs)

    for name in [m for m in sys.modules if m.split(".")[0] in {"sklearn", "numpy", "scipy"}]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", forbidding)
    classifier.load.cache_clear()
    try:
        reading = classifier.read("I can't see a way out of this any more")
    finally:
        classifier.load.cache_clear()
    assert 0.0 <= reading.crisis <= 1.0


def test_an_empty_text_reads_as_nothing():
    """No tokens: no features, the intercept alone, and no hold."""
    assert classifier.features("") == [Counter()]
    assert assess("").level == NONE


def _fake_reading(monkeypatch, crisis_p: float, concern_p: float) -> None:
    monkeypatch.setattr(
        crisis.classifier,
        "read",
        lambda text, tokens=None: classifier.Reading(crisis_p, concern_p, 0.9, 0.8),
    )


def test_a_classifier_crisis_raises_a_post_the_rules_missed(monkeypatch):
    """Above the crisis threshold the post is a crisis, and moderators see why."""
    _fake_reading(monkeypatch, 0.95, 0.99)
    result = screen_text("The garden looks lovely this morning")
    assert result.decision == Decision.CRISIS
    assert "classifier: reads like a crisis post (0.95)" in result.explanation
    assert result.crisis == []  # no words to highlight: the whole post was read


def test_a_classifier_concern_holds_at_medium_priority(monkeypatch):
    """Between the thresholds the post is a concern, never published silently."""
    _fake_reading(monkeypatch, 0.5, 0.85)
    assert assess("The garden looks lovely this morning").level == CONCERN


def test_classifier_below_thresholds_changes_nothing(monkeypatch):
    """A low reading leaves the rules' decision as it was."""
    _fake_reading(monkeypatch, 0.1, 0.1)
    text = "The garden looks lovely this morning"
    assert assess(text) == crisis.assess_rules(text)


def test_classifier_never_lowers_a_rules_crisis(monkeypatch):
    """A rules crisis stays a crisis whatever the classifier says."""
    _fake_reading(monkeypatch, 0.5, 0.85)
    text = "I am going to kill myself tonight, I have the pills ready"
    assert crisis.assess_rules(text).level == CRISIS
    assert assess(text).level == CRISIS


def test_context_set_aside_leaves_the_decision_to_the_rules(monkeypatch):
    """When context set aside every crisis word the rules found (here: negated), the
    classifier does not raise the post."""
    _fake_reading(monkeypatch, 0.97, 0.99)
    text = "I would never kill myself, my kids need me"
    rules = crisis.assess_rules(text)
    assert rules.signals and crisis.context_decides(rules)
    assert assess(text) == rules


def test_a_figure_of_speech_leaves_the_decision_to_the_rules(monkeypatch):
    """Crisis words the rules read as a figure of speech are not raised by the classifier."""
    _fake_reading(monkeypatch, 0.97, 0.99)
    text = "I don't want to wake up early tomorrow for the fasting test"
    assert crisis.assess_rules(text).dropped
    assert assess(text).level == NONE


def test_a_modifier_alone_does_not_count_as_set_aside(monkeypatch):
    """Without any crisis word found, the classifier still decides."""
    assert not crisis.context_decides(crisis.assess_rules("The garden looks lovely"))
    _fake_reading(monkeypatch, 0.97, 0.99)
    assert assess("The garden looks lovely this morning").level == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "I keep thinking the world would be lighter without me in it",
        "been quietly saving up my tablets in a drawer, think this weekend is the time",
    ],
)
def test_the_trained_model_reads_paraphrased_crisis_as_worrying(text):
    """Paraphrases written for this test (not from the corpus) read as worrying."""
    reading = classifier.read(text)
    assert reading.is_concern or reading.is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "My physio says the new knee brace should help on the stairs, fingers crossed",
        "Does anyone have a good recipe for low-sugar flapjacks? My glucose was 6.1 today",
    ],
)
def test_the_trained_model_leaves_ordinary_posts_alone(text):
    """Ordinary health chat written for this test stays below both thresholds."""
    reading = classifier.read(text)
    assert not reading.is_crisis and not reading.is_concern
