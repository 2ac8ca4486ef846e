"""The crisis detector: normalised tokens, typo-tolerant word matching, signal patterns
(English, Spanish, a few other languages), ConText rules, and a small additive score.

Scoring: each category counts once (its strongest signal, plus 0.2 for each further distinct
signal; goodbye signals add up). Means, timing and emoji count only within a sentence of a
core signal, so "buying a rope for a camping trip" alone is nothing, while plan + means or
ideation + timing reach the crisis threshold. A score of CRISIS_THRESHOLD or more is a crisis
(held, help shown at once, on-call alerted); CONCERN_THRESHOLD or more is a concern (held at
medium priority, gentle support shown).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from portal.screening import classifier, context, lexicon_en, lexicon_es
from portal.screening.normalise import Token, squeeze, tokenise, variants
from portal.screening.patterns import Hit, Pattern, PatternSet, compile_spec

CRISIS_THRESHOLD = 0.7
CONCERN_THRESHOLD = 0.5
CRISIS, CONCERN, NONE = "crisis", "concern", "none"

CORE = frozenset(
    {
        "ideation",
        "indirect",
        "burden",
        "passive",
        "plan",
        "goodbye",
        "self-harm",
        "slang",
        "abuse",
        "hopelessness",
        "returning",
        "intent",
        "acquire",
        "moderator",
    }
)
MODIFIER_CAPS = {"means": 0.5, "timing": 0.3, "emoji": 0.2}
# "returning thoughts" ("thinking about it again") needs something it can refer to.
ANTECEDENTS = frozenset(
    {
        "ideation",
        "indirect",
        "passive",
        "plan",
        "self-harm",
        "slang",
        "mention",
        "moderator",
        "means",
    }
)
SUMMED = frozenset({"goodbye"})
# Weak signals (preparation without a death word, a bare decision, finality, farewell): each
# is common in ordinary posts, so one counts only beside a signal of another kind, weak or
# plan/goodbye/intent (a decision also beside a time: "I've decided. Friday.").
WEAK = frozenset({"prep", "decision", "finality", "farewell"})
WEAK_PARTNERS = frozenset({"plan", "goodbye", "intent", "acquire"})
# Patterns that count only at the end of a sentence or clause: "I've decided." or "I've
# decided, Friday" but not "I've decided to try yoga"; "before I go." but not "before I go
# to bed".
CLAUSE_FINAL_LABELS = frozenset({"preparation: decision made", "farewell: before I go"})
CLAUSE_MARKS = (",", ";", ":", "-", "\u2013", "\u2014", "(")
NEGATORS = frozenset(
    {"not", "never", "dont", "didnt", "doesnt", "wont", "wouldnt", "isnt", "no", "nunca"}
)
TIMING_COMBINES = frozenset(
    {
        "ideation",
        "indirect",
        "passive",
        "plan",
        "goodbye",
        "self-harm",
        "slang",
        "returning",
        "intent",
        "acquire",
        *WEAK,
    }
)


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """One piece of evidence, with its span in the original text. ``context`` says why it
    does not count (negated, historical, another person...), empty when it counts."""

    category: str
    label: str
    weight: float
    start: int
    end: int
    text: str
    context: str = ""

    @property
    def counts(self) -> bool:
        return not self.context


@dataclass(frozen=True)
class CrisisAssessment:
    signals: list[CrisisSignal]
    score: float
    level: str
    # Crisis words found and dropped before scoring: inside a figure of speech ("I don't
    # want to wake up early"), or with a negation skipped in a gap.
    dropped: int = 0

    @property
    def phrases(self) -> list[str]:
        """The matched words of the signals that count, as typed, in order, once each."""
        if self.level == NONE:
            return []
        return list(
            dict.fromkeys(s.text for s in self.signals if s.counts and s.category != "classifier")
        )

    @property
    def explanation(self) -> str:
        return explain(self.signals)


def _build_patterns() -> PatternSet:
    patterns: list[Pattern] = []
    for concepts, groups in (
        (lexicon_en.CONCEPTS, lexicon_en.PATTERNS),
        ({**lexicon_en.CONCEPTS, **lexicon_es.CONCEPTS}, lexicon_es.PATTERNS),
    ):
        for category, weight, label, specs in groups:
            patterns.extend(
                compile_spec(spec, concepts, category=category, weight=weight, label=label)
                for spec in specs
            )
    return PatternSet(patterns)


SIGNALS = _build_patterns()
FIGURES = PatternSet(
    [
        compile_spec(spec, lexicon_en.CONCEPTS, category="figure", weight=0.0, label="figure")
        for spec in lexicon_en.FIGURES
    ]
)
# Signals, figures of speech and context triggers, matched in one pass over the tokens.
EVERY_PATTERN = PatternSet([*SIGNALS.patterns, *FIGURES.patterns, *context.TRIGGER_SET.patterns])
SIGNAL_CATEGORIES = frozenset(pattern.category for pattern in SIGNALS.patterns)
# Words too common to mark a sentence worth searching.
_COMMON = frozenset(
    [
        "i",
        "im",
        "ive",
        "id",
        "ill",
        "me",
        "my",
        "myself",
        "you",
        "your",
        "u",
        "he",
        "she",
        "they",
        "it",
        "its",
        "to",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "be",
        "is",
        "was",
        "were",
        "am",
        "are",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "all",
        "so",
        "just",
        "not",
        "no",
        "dont",
        "didnt",
        "wont",
        "cant",
        "never",
        "do",
        "did",
        "doing",
        "have",
        "had",
        "has",
        "get",
        "got",
        "go",
        "going",
        "want",
        "wanted",
        "like",
        "feel",
        "would",
        "could",
        "should",
        "will",
        "can",
        "about",
        "what",
        "whats",
        "if",
        "when",
        "then",
        "than",
        "there",
        "here",
        "up",
        "out",
        "now",
        "today",
        "one",
        "some",
        "any",
        "every",
        "everyone",
        "everything",
        "more",
        "much",
        "many",
        "how",
        "why",
        "who",
        "where",
        "as",
        "by",
        "from",
        "but",
        "because",
    ]
)


def _anchors() -> frozenset[str]:
    """The words a core or mention pattern cannot match without: its required words that
    are not common (all of its first words when every required word is common)."""
    found: set[str] = set()
    for pattern in SIGNALS.patterns:
        if pattern.category in MODIFIER_CAPS:
            continue
        required = [
            slot for slot, opt in zip(pattern.slots, pattern.optional, strict=True) if not opt
        ]
        found.update(min(required, key=_selectivity))
    return frozenset(found)


def _selectivity(slot: frozenset[str]) -> tuple[int, int, int]:
    """Lower is rarer: fewer common words, then longer shortest word, then fewer words."""
    return (len(slot & _COMMON), -min(map(len, slot)), len(slot))


ANCHORS = _anchors()
VOCABULARY = frozenset(
    SIGNALS.vocabulary | context.TRIGGER_SET.vocabulary | FIGURES.vocabulary
) | frozenset(lexicon_en.MISSPELLINGS.values())
_BY_SQUEEZE: dict[str, set[str]] = defaultdict(set)
for _word in VOCABULARY:
    _BY_SQUEEZE[squeeze(_word)].add(_word)
_FUZZY_BY_INITIAL: dict[str, list[str]] = defaultdict(list)
for _word in (*lexicon_en.FUZZY_WORDS, *lexicon_es.FUZZY_WORDS):
    if len(_word) >= 5:
        _FUZZY_BY_INITIAL[_word[0]].append(_word)


def _max_typos(length: int) -> int:
    """Typos tolerated in a word of this length: none under 5 letters, 1 up to 7, then 2."""
    if length < 5:
        return 0
    return 1 if length <= 7 else 2


@lru_cache(maxsize=32768)
def resolve(word: str) -> frozenset[str]:
    """The lexicon words a normalised token may stand for: its spellings (leetspeak, long
    runs), a known misspelling, a shortened run ("killll"), or a word within a few typos
    (rapidfuzz, Optimal String Alignment: a swap of two letters is one typo)."""
    forms = set(variants(word))
    forms.update(lexicon_en.MISSPELLINGS[f] for f in list(forms) if f in lexicon_en.MISSPELLINGS)
    if not VOCABULARY.isdisjoint(forms):
        return frozenset(forms)
    for form in list(forms):
        if squeeze(form) != form:
            forms.update(_BY_SQUEEZE.get(squeeze(form), ()))
    if VOCABULARY.isdisjoint(forms):
        forms.update(_fuzzy(form) for form in list(forms))
        forms.discard("")
    return frozenset(forms)


def _fuzzy(word: str) -> str:
    typos = _max_typos(len(word))
    if not typos or word in lexicon_en.NOT_FUZZY or not word.isalpha():
        return ""
    candidates = [c for c in _FUZZY_BY_INITIAL.get(word[0], ()) if abs(len(c) - len(word)) <= 2]
    found = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=typos)
    return found[0] if found else ""


def assess(text: str, *, extra_phrases: Iterable[str] = ()) -> CrisisAssessment:
    """The rules' assessment, raised by the classifier's reading (a second signal that
    generalises to paraphrase): at or above its crisis threshold at least CRISIS, at or
    above its concern threshold at least CONCERN. When the rules found crisis words and
    context set every one aside (negated, past, another person, prevention talk), the
    rules decide alone: cross-validated on dev, the classifier then added only false holds
    (see ``portal.screening.train``); likewise for crisis words read as a figure of speech."""
    tokens = tokenise(text)
    rules = assess_rules(text, extra_phrases=extra_phrases, tokens=tokens)
    if context_decides(rules):
        return rules
    reading = classifier.read(text, tokens)
    if reading.is_crisis:
        level, label = CRISIS, f"classifier: reads like a crisis post ({reading.crisis:.2f})"
    elif reading.is_concern:
        label = f"classifier: reads like a worrying post ({reading.concern:.2f})"
        level = CONCERN
    else:
        return rules
    if RANK[rules.level] >= RANK[level]:
        level = rules.level
    signal = CrisisSignal("classifier", label, 0.0, 0, len(text), "")
    return CrisisAssessment(signals=[*rules.signals, signal], score=rules.score, level=level)


RANK = {NONE: 0, CONCERN: 1, CRISIS: 2}


def context_decides(rules: CrisisAssessment) -> bool:
    """The rules found crisis words (not just modifiers) and set every one aside: by
    context (negated, past, another person, prevention talk) or as a figure of speech."""
    core = [s for s in rules.signals if s.category not in MODIFIER_CAPS]
    return bool(core or rules.dropped) and not any(s.counts for s in core)


def assess_rules(
    text: str, *, extra_phrases: Iterable[str] = (), tokens: Sequence[Token] | None = None
) -> CrisisAssessment:
    """The rule detector alone (patterns, context, moderator phrases, score)."""
    tokens = tokenise(text) if tokens is None else tokens
    forms = [resolve(token.text) for token in tokens]
    every = EVERY_PATTERN.find(tokens, forms, _positions_near_anchors(tokens, forms))
    signal_hits = [hit for hit in every if hit.pattern.category in SIGNAL_CATEGORIES]
    figures = [hit for hit in every if hit.pattern.category == "figure"]
    hits = _clause_final(_without_figures(signal_hits, figures, forms), tokens, text)
    dropped = sum(
        hit.pattern.category not in MODIFIER_CAPS for hit in signal_hits if hit not in hits
    )
    triggers = context.find_triggers(tokens, forms, every)
    signals = [
        _signal(hit, text, tokens, context.context_of(hit, triggers, tokens, forms))
        for hit in sorted(hits, key=lambda h: (h.first, h.last))
    ]
    signals.extend(_moderator_signals(text, tokens, tuple(extra_phrases)))
    score = _score(signals, tokens, text)
    level = CRISIS if score >= CRISIS_THRESHOLD else CONCERN if score >= CONCERN_THRESHOLD else NONE
    return CrisisAssessment(signals=signals, score=round(score, 2), level=level, dropped=dropped)


def _positions_near_anchors(tokens: Sequence[Token], forms: Sequence[frozenset[str]]) -> list[int]:
    """The tokens of the sentences with an anchor word, and of the sentence either side:
    a core signal needs an anchor, and modifiers and context only count that close to one.
    Most sentences of an ordinary post have none, so most of the text is not searched."""
    anchored = {tokens[i].sentence for i, f in enumerate(forms) if not ANCHORS.isdisjoint(f)}
    near = anchored | {s - 1 for s in anchored} | {s + 1 for s in anchored}
    return [i for i, token in enumerate(tokens) if token.sentence in near]


def _signal(hit: Hit, text: str, tokens: Sequence[Token], why: str) -> CrisisSignal:
    start, end = tokens[hit.first].start, tokens[hit.last].end
    pattern = hit.pattern
    return CrisisSignal(
        pattern.category, pattern.label, pattern.weight, start, end, text[start:end], why
    )


def _without_figures(
    hits: list[Hit], figures: list[Hit], forms: Sequence[frozenset[str]]
) -> list[Hit]:
    """Drop a signal overlapping a figure of speech it does not contain ("a cake to die
    for"), and repeats of one pattern group at one place."""
    kept: dict[tuple[str, int], Hit] = {}
    for hit in hits:
        if any(not NEGATORS.isdisjoint(forms[index]) for index in hit.skipped):
            continue  # a gap never swallows a negation ("hope I don't die")
        if any(
            f.first <= hit.last
            and hit.first <= f.last
            and not (hit.first <= f.first and f.last <= hit.last)
            for f in figures
        ):
            continue
        key = (hit.pattern.label, hit.first)
        if key not in kept or hit.last > kept[key].last:
            kept[key] = hit
    return list(kept.values())


def _clause_final(hits: list[Hit], tokens: Sequence[Token], text: str) -> list[Hit]:
    """Drop a hit of a clause-final pattern that more words of its clause follow (no
    sentence end or punctuation before the next word: "I've decided to ...")."""
    return [
        hit
        for hit in hits
        if hit.pattern.label not in CLAUSE_FINAL_LABELS or _ends_clause(hit.last, tokens, text)
    ]


def _ends_clause(index: int, tokens: Sequence[Token], text: str) -> bool:
    if index + 1 == len(tokens) or tokens[index + 1].sentence != tokens[index].sentence:
        return True
    between = text[tokens[index].end : tokens[index + 1].start]
    return any(mark in between for mark in CLAUSE_MARKS)


@lru_cache(maxsize=256)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(token.text for token in tokenise(phrase))


def _moderator_signals(
    text: str, tokens: Sequence[Token], phrases: tuple[str, ...]
) -> list[CrisisSignal]:
    """The moderators' phrases, as whole tokens after the same normalisation (no typo
    tolerance: a moderator's short slang must never match another word)."""
    if not phrases:
        return []
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for phrase in phrases:
        words = _phrase_words(phrase)
        if words:
            by_first[words[0]].append((phrase, words))
    found = []
    for index, token in enumerate(tokens):
        for word in token.variants:
            for phrase, words in by_first.get(word, ()):
                window = tokens[index : index + len(words)]
                if len(window) == len(words) and all(
                    w in t.variants for w, t in zip(words, window, strict=True)
                ):
                    start, end = token.start, window[-1].end
                    found.append(
                        CrisisSignal(
                            "moderator",
                            f"moderator phrase: {phrase}",
                            1.0,
                            start,
                            end,
                            text[start:end],
                        )
                    )
    return found


def _score(signals: Sequence[CrisisSignal], tokens: Sequence[Token], text: str) -> float:
    counted = [s for s in signals if s.counts]
    core = [s for s in counted if s.category in CORE]
    antecedent_at = min(
        (s.start for s in signals if s.category in ANTECEDENTS), default=len(text) + 1
    )
    core = [s for s in core if s.category != "returning" or antecedent_at < s.start]
    weak = _paired_weak(counted, tokens)
    if not core and not weak and not any(s.category == "mention" for s in counted):
        return 0.0
    core_sentences = {_sentence_at(tokens, s.start) for s in (*core, *weak)}
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for signal in counted:
        if signal.category == "returning" and signal not in core:
            continue
        if signal.category in WEAK and signal not in weak:
            continue
        if signal.category in MODIFIER_CAPS:
            near = _sentence_at(tokens, signal.start)
            if not any(abs(near - s) <= 1 for s in core_sentences):
                continue
            if signal.category == "timing" and not any(
                s.category in TIMING_COMBINES for s in (*core, *weak)
            ):
                continue
        labels = weights[signal.category]
        labels[signal.label] = max(labels.get(signal.label, 0.0), signal.weight)
    return sum(_category_score(category, labels) for category, labels in weights.items())


def _paired_weak(counted: Sequence[CrisisSignal], tokens: Sequence[Token]) -> list[CrisisSignal]:
    """The weak signals, when the post holds two different kinds of them (or one beside a
    plan, goodbye, intent or acquiring signal, or a decision within a sentence of a time);
    otherwise none. Anywhere in the post: a buried crisis sentence is often far from its
    farewell."""
    weak = [s for s in counted if s.category in WEAK]
    if not weak:
        return []
    kinds = {s.category for s in weak} | {
        s.category for s in counted if s.category in WEAK_PARTNERS
    }
    decisions = [s for s in weak if s.category == "decision"]
    times = [s for s in counted if s.category == "timing"]
    if any(_close(d, t, tokens) for d in decisions for t in times):
        kinds.add("timing")
    return weak if len(kinds) >= 2 else []


def _close(first: CrisisSignal, second: CrisisSignal, tokens: Sequence[Token]) -> bool:
    """Within three words of each other ("I've decided. Friday.", "made my decision, it's
    tonight"), so a decision about something else is not read as a date."""
    gap = min(
        abs(_token_at(tokens, second.start) - _token_at(tokens, first.end - 1)),
        abs(_token_at(tokens, first.start) - _token_at(tokens, second.end - 1)),
    )
    return gap <= 3


def _token_at(tokens: Sequence[Token], offset: int) -> int:
    """The index of the token holding (or first after) a character offset."""
    low, high = 0, len(tokens) - 1
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].end <= offset:
            low = middle + 1
        else:
            high = middle
    return low


def _category_score(category: str, labels: dict[str, float]) -> float:
    ordered = sorted(labels.values(), reverse=True)
    extra = sum(ordered[1:]) if category in SUMMED else 0.2 * (len(ordered) - 1)
    score = ordered[0] + extra
    return min(score, MODIFIER_CAPS.get(category, 1.0))


def _sentence_at(tokens: Sequence[Token], offset: int) -> int:
    low, high = 0, len(tokens) - 1
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].start < offset:
            low = middle + 1
        else:
            high = middle
    return tokens[low].sentence if tokens else 0


CATEGORY_NAMES = {
    "ideation": "ideation",
    "indirect": "indirect",
    "burden": "burden",
    "passive": "passive wish",
    "plan": "plan",
    "means": "means",
    "timing": "timing",
    "goodbye": "goodbye",
    "self-harm": "self-harm",
    "slang": "slang",
    "abuse": "abuse",
    "hopelessness": "hopelessness",
    "returning": "returning thoughts",
    "mention": "mention",
    "emoji": "emoji",
    "moderator": "moderator phrase",
    "acquire": "means",
    "intent": "intent",
    "classifier": "classifier",
    "prep": "preparation",
    "decision": "decision",
    "finality": "finality",
    "farewell": "farewell",
}


def explain(signals: Sequence[CrisisSignal]) -> str:
    """A short explanation for moderators: the combination, then each signal's label
    (slang and abuse with the word used), then what was set aside and why."""
    counted = [s for s in signals if s.counts]
    if not counted and not signals:
        return ""
    by_weight = sorted(counted, key=lambda s: -s.weight)
    categories = list(
        dict.fromkeys(CATEGORY_NAMES[s.category] for s in by_weight if s.category != "classifier")
    )
    labels = list(dict.fromkeys(_described(s) for s in by_weight))
    parts = []
    if len(categories) > 1:
        parts.append(" + ".join(categories))
    parts.extend(labels)
    ignored = list(
        dict.fromkeys(
            f"{s.context}: \u201c{s.text}\u201d"
            for s in signals
            if not s.counts and s.category not in MODIFIER_CAPS
        )
    )
    if ignored:
        parts.append("set aside: " + ", ".join(ignored[:3]))
    return "; ".join(parts)


def _described(signal: CrisisSignal) -> str:
    if signal.category in {"slang", "abuse"}:
        return f"{signal.label.split(' (')[0]}: {signal.text.lower()}"
    return signal.label
