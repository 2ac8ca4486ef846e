"""Context rules for crisis signals: a small implementation of the ConText algorithm
(Chapman et al.; as in pyConText and medspaCy's ``ConTextComponent``). A trigger term opens a
scope of a few tokens forward, backward or both, inside its sentence; a termination term
("but", "now", "I" for another person's scope) closes it early; a signal inside the scope gets
the trigger's category and no longer counts as the poster's present risk.

Written here rather than with medspaCy: that needs spaCy and a language model, which cannot
be installed here, and its rules are clinical-note English. Context is decided per signal, so
a cancelled signal never cancels another one ("years ago I tried, and tonight I'm thinking
about it again" keeps tonight's signal).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from portal.screening import lexicon_es
from portal.screening.normalise import Token
from portal.screening.patterns import Hit, PatternSet, compile_spec

NEGATED = "negated"
HISTORICAL = "historical"
HYPOTHETICAL = "hypothetical"
OTHER = "other person"
PREVENTION = "prevention or help"
BENIGN = "ordinary reason"
CLEAR_OUT = "ordinary clear-out"  # giving old things away: a sale, a charity, a move
PSEUDO = "pseudo"

FORWARD, BACKWARD, BOTH = "forward", "backward", "both"
# A year before last, written as digits ("2019 was the year I..."), places a signal in the past.
PAST_YEARS = [str(year) for year in range(1950, datetime.date.today().year - 1)]

# (category, direction, window in tokens, patterns)
TRIGGERS: list[tuple[str, str, int, list[str]]] = [
    (
        NEGATED,
        FORWARD,
        4,
        [
            "not",
            "never",
            "dont",
            "didnt",
            "doesnt",
            "wont",
            "wouldnt",
            "isnt",
            "arent",
            "wasnt",
            "no",
            "nor",
            "havent",
            "hasnt",
            "couldnt",
            "shouldnt",
            "nunca",
            "jamas",
        ],
    ),
    (
        NEGATED,
        BACKWARD,
        4,
        [
            "not|never _1 an _1 option",
            "not _1 something _1 I",
            "never",
            "not _1 me",
            "is|was _1 not _1 for _1 me",
        ],
    ),
    (
        PSEUDO,
        FORWARD,
        0,
        [
            "not only|just|sure|even|that|okay|ok|fine|well|coping|doing",
            "no doubt|matter",
            "dont|didnt know|care|understand",
            "dont|didnt think I",
            "never stop|stops",
            "never felt|been so",
            "cant|couldnt|wont|doesnt|dont stop",
            "not a day",
            "nothing but",
            "no more",
            "no longer",
            "not worth",
            "no one|reason|point",
            "not going to be around|here",
            "wont be",
            "not be around|here",
            "isnt worth",
            "dont see",
            "if I was|were",
            "he estado|sido|tenido|pensado|intentado|comprado|decidido|escrito|dejado|juntado",
            "he guardado|acumulado|tomado|hecho|regalado|cortado|buscado|elegido",
        ],
    ),
    (
        HISTORICAL,
        BOTH,
        10,
        [
            "years|decades|decade _1 ago",
            "long _1 time _1 ago",
            "when _1 I _1 was",
            "used _1 to",
            "in _1 the _1 past",
            "back _1 then|when|in",
            "at _1 the _1 time",
            "as _1 a _1 teen|teenager|kid|child|student",
            "in _1 high _1 school",
            "in _1 college|university|uni",
            "in _1 my _1 teens|twenties|20s|thirties|youth",
            "survivor",
            "survived",
            "recovery",
            "recovered",
            "scars",
            "clean _1 for|since",
            "years|months|weeks|days _1 clean|free|sober",
            "sober|clean _2 years|months",
            "long _1 gone",
            "since _1 then",
            "attempted",
            "past _1 attempt|attempts",
            "history _1 of",
            "previous _1 attempt|attempts",
            "that _1 was _1 then",
            *lexicon_es.TRIGGERS["historical"],
            *PAST_YEARS,
        ],
    ),
    (HISTORICAL, FORWARD, 1, ["was|were|felt|had", "tried _1 to"]),
    (
        HYPOTHETICAL,
        FORWARD,
        10,
        [
            "if _1 I|you|someone|anyone|somebody|they|your|a _1 ever",
            "if _1 someone|anyone|somebody|your|a|my _1 friend|loved|child|kid|teen|person|patient",
            "if _1 you|u _1 are|feel|have|re|ever|or|think",
            "if _1 youre|youve",
            "what _1 if",
            "what _1 would|should|do _1 you|I|we",
            "how _1 do|can|should|would _1 I|you|we _1 help|support|tell|know|talk|respond",
            "in _1 case",
            "hypothetically",
            "imagine",
            "suppose",
            "signs|sign _1 of|that",
            "warning _1 signs",
            "someone|anyone|people|those|person|somebody _1 who",
            "for _1 anyone|those",
            "how _1 to _1 help|support|talk",
            "never _1 thought _1 I",
            *lexicon_es.TRIGGERS["hypothetical"],
        ],
    ),
    (
        OTHER,
        FORWARD,
        8,
        [
            "he",
            "she",
            "hes",
            "shes",
            "they",
            "theyre",
            "his",
            "her",
            "him",
            "their",
            "friend",
            "friends",
            "brother",
            "sister",
            "mom",
            "mum",
            "mother",
            "dad",
            "father",
            "son",
            "daughter",
            "husband",
            "wife",
            "partner",
            "boyfriend",
            "girlfriend",
            "cousin",
            "uncle",
            "aunt",
            "grandma",
            "grandpa",
            "grandmother",
            "grandfather",
            "niece",
            "nephew",
            "coworker",
            "colleague",
            "classmate",
            "roommate",
            "neighbor",
            "neighbour",
            "patient",
            "patients",
            "client",
            "clients",
            "caller",
            "callers",
            "character",
            "protagonist",
            "someone",
            "somebody",
            "people",
            "person",
            "kid",
            "kids",
            "teen",
            "teens",
            "teenager",
            "student",
            "students",
            "veterans",
            "member",
            "members",
            "anyone",
            "anybody",
            "author",
            "narrator",
            "hero",
            "heroine",
            "villain",
            "book",
            "novel",
            "movie",
            "film",
            "show",
            "episode",
            "song",
            "series",
            "lyrics",
            "poem",
            *lexicon_es.TRIGGERS["other"],
        ],
    ),
    (
        PREVENTION,
        BOTH,
        6,
        [
            "prevention",
            "awareness",
            "hotline",
            "lifeline",
            "helpline",
            "crisis _1 line|text|center|centre|team|number",
            "988",
            "samaritans",
            "volunteer",
            "volunteering",
            "volunteered",
            "walk",
            "fundraiser",
            "fundraising",
            "training",
            "course",
            "webinar",
            "asist",
            "qpr",
            "first _1 aid",
            "trevor",
            "research",
            "statistics",
            "stats",
            "rates",
            "rate",
            "article",
            "study",
            "documentary",
            "podcast",
            "loss",
            "month",
            "campaign",
            "charity",
            "lecture",
            "class",
            "988lifeline",
            "screening",
            "questionnaire",
            "assessment",
            "risk",
            "policy",
            "ideation",
            "support _1 group",
            "call|text _1 988",
            *lexicon_es.TRIGGERS["prevention"],
        ],
    ),
    (
        BENIGN,
        BOTH,
        8,
        [
            "accident",
            "accidentally",
            "accidental",
            "cooking",
            "oven",
            "stove",
            "kitchen",
            "shaving",
            "chopping",
            "fell",
            "slipped",
            "tripped",
            "gardening",
            "surgery",
            "surgeon",
            "biopsy",
            "injection",
            "iron",
            "curling",
            "mistake",
            "workout",
            "gym",
            "lifting",
            "price",
            "prices",
            "cost",
            "costs",
            "afford",
            "insurance",
            "shortage",
            "hurricane",
            "travel",
            "trip",
            "vacation",
            "holiday",
            "expire",
            "expired",
            "expiry",
            "rationing",
            "camping",
            "hiking",
            "climbing",
            "sailing",
            "fishing",
            "hunting",
            "pharmacy",
            "refill",
            "prescription",
            "prescribed",
            "doctor",
            "safely",
            "disposal",
            "dispose",
            "supply",
            "hair",
            "haircut",
            "grass",
            "lawn",
            "nails",
            "wood",
            "paper",
            "onions",
            "vegetables",
            "carbs",
            "sugar",
            "hedge",
            "coupon",
            "coupons",
            "ms",
            "flare",
        ],
    ),
    (
        CLEAR_OUT,
        BOTH,
        6,
        [
            "old",
            "spare",
            "outgrown",
            "unused",
            "sale",
            "charity",
            "donate|donated|donating",
            "declutter|decluttering|decluttered",
            "clear _1 out",
            "clearout",
            "moving|downsizing",
            "library",
        ],
    ),
]

# Closing every scope; HISTORICAL is also closed by a word of the present, OTHER by the poster.
TERMINATORS = frozenset(
    {"but", "however", "though", "although", "yet", "except", "pero", "aunque", "embargo"}
)
RECENT = frozenset(
    {
        "now",
        "today",
        "tonight",
        "yesterday",
        "lately",
        "recently",
        "currently",
        "still",
        "again",
        "ahora",
        "hoy",
        "anoche",
        "ayer",
        "otra",
        "nuevo",
    }
)
RECENT_AFTER_LAST = frozenset({"night", "week", "weekend"})
FIRST_PERSON = frozenset(
    {"i", "im", "ive", "id", "ill", "me", "my", "myself", "mine", "yo", "mi", "conmigo"}
)
HYPOTHETICAL_ENDS = frozenset({"and", "so", "because", "then"})
NEGATION_ENDS = frozenset({"and", "so", "because", "then", "i", "im", "y", "porque"})
# Which categories of signal each context may cancel (None: all).
APPLIES_TO: dict[str, frozenset[str] | None] = {
    BENIGN: frozenset({"self-harm", "plan", "means", "acquire"}),
    CLEAR_OUT: frozenset({"goodbye"}),
}


@dataclass(frozen=True, slots=True)
class Trigger:
    category: str
    direction: str
    window: int
    first: int
    last: int


def _compiled() -> tuple[PatternSet, dict[str, tuple[str, int, str]]]:
    patterns = []
    meta: dict[str, tuple[str, int, str]] = {}
    for category, direction, window, specs in TRIGGERS:
        label = f"{category}|{direction}|{window}"
        meta[label] = (category, window, direction)
        patterns.extend(
            compile_spec(spec, {}, category=category, weight=0.0, label=label) for spec in specs
        )
    return PatternSet(patterns), meta


TRIGGER_SET, _META = _compiled()


CATEGORIES = frozenset(
    {NEGATED, HISTORICAL, HYPOTHETICAL, OTHER, PREVENTION, BENIGN, CLEAR_OUT, PSEUDO}
)


def find_triggers(
    tokens: Sequence[Token], forms: Sequence[frozenset[str]], hits: Sequence[Hit] | None = None
) -> dict[int, list[Trigger]]:
    """The context triggers, by sentence. ``hits`` may be given when the trigger patterns
    were matched together with others (see ``crisis.assess``)."""
    if hits is None:
        hits = TRIGGER_SET.find(tokens, forms)
    hits = [hit for hit in hits if hit.pattern.category in CATEGORIES]
    pseudo = {index for hit in hits if hit.pattern.category == PSEUDO for index in _span(hit)}
    triggers: dict[int, list[Trigger]] = {}
    for hit in hits:
        category, window, direction = _META[hit.pattern.label]
        if category == PSEUDO or hit.first in pseudo:
            continue
        trigger = Trigger(category, direction, window, hit.first, hit.last)
        triggers.setdefault(tokens[hit.first].sentence, []).append(trigger)
    return triggers


def _span(hit: Hit) -> range:
    return range(hit.first, hit.last + 1)


def context_of(
    hit: Hit,
    triggers: dict[int, list[Trigger]],
    tokens: Sequence[Token],
    forms: Sequence[frozenset[str]],
) -> str:
    """The context cancelling this signal, or "" when it is the poster's present risk."""
    category = hit.pattern.category
    if category in {"abuse", "moderator"}:
        return ""
    sentence = tokens[hit.first].sentence
    own_words = set().union(*forms[hit.first : hit.last + 1])
    single_word = hit.first == hit.last
    for trigger in triggers.get(sentence, ()):
        if trigger.first >= hit.first and trigger.last <= hit.last:
            continue  # a trigger inside the signal's own words ("don't want to live")
        applies = APPLIES_TO.get(trigger.category)
        if applies is not None and category not in applies:
            continue
        if trigger.category == PREVENTION and not (single_word or category == "mention"):
            continue
        if trigger.category == OTHER and not own_words.isdisjoint(FIRST_PERSON):
            continue
        if trigger.category == HISTORICAL and _recent_near(hit, tokens, forms):
            continue
        if _in_scope(trigger, hit, tokens, forms):
            return trigger.category
    return ""


def _in_scope(
    trigger: Trigger, hit: Hit, tokens: Sequence[Token], forms: Sequence[frozenset[str]]
) -> bool:
    if trigger.last < hit.first and trigger.direction in (FORWARD, BOTH):
        between = range(trigger.last + 1, hit.first)
    elif trigger.first > hit.last and trigger.direction in (BACKWARD, BOTH):
        between = range(hit.last + 1, trigger.first)
    else:
        return False
    if len(between) > trigger.window:
        return False
    ends = set(TERMINATORS)
    if trigger.category == HISTORICAL:
        ends |= RECENT
    if trigger.category == OTHER:
        ends |= FIRST_PERSON
    if trigger.category == NEGATED:
        ends |= NEGATION_ENDS
    if trigger.category == HYPOTHETICAL:
        ends |= HYPOTHETICAL_ENDS
    clause = trigger.category in (NEGATED, OTHER)
    for index in between:
        if not ends.isdisjoint(forms[index]):
            return False
    if clause:
        first = tokens[min(trigger.last, hit.first)].clause
        last = tokens[max(trigger.first, hit.last)].clause
        if first != last:
            return False
    return True


def _recent_near(hit: Hit, tokens: Sequence[Token], forms: Sequence[frozenset[str]]) -> bool:
    """A word of the present just after or inside the signal ("cut myself again")."""
    clause = tokens[hit.first].clause
    for index in range(hit.first, min(len(tokens), hit.last + 4)):
        if tokens[index].clause != clause:
            break
        if not RECENT.isdisjoint(forms[index]):
            return True
        if index and "last" in forms[index - 1] and not RECENT_AFTER_LAST.isdisjoint(forms[index]):
            return True  # "last night", "last week"
    return False
