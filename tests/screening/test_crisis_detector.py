"""The crisis detector reads paraphrase, not a phrase list: normalised text (case, accents,
leetspeak, long runs, spelled-out letters), typos, indirect statements, passive wishes, plans
and means, timing, goodbye behaviour, self-harm, slang and Spanish; combinations raise the
level; every decision explains itself; ordinary figures of speech stay ordinary."""

from __future__ import annotations

import pytest

from portal.screening import crisis, patterns
from portal.screening.crisis import CRISIS_THRESHOLD, resolve
from portal.screening.normalise import tokenise
from portal.screening.services import Decision, screen_text

CRISIS, CONCERN, ALLOW = Decision.CRISIS, Decision.CONCERN, Decision.ALLOW


def decision(text: str) -> Decision:
    return screen_text(text).decision


@pytest.mark.parametrize(
    "text",
    [
        # direct, in several styles
        "I want to kill myself",
        "honestly i just want to die",
        "I WANT TO END MY LIFE",
        "been thinking about suicide every day since the diagnosis",
        # indirect
        "Everyone would be better off without me.",
        "my kids would be happier if I wasn't around",
        "I won't be around much longer, I've made my peace with it",
        "I'm such a burden to everyone, I hate it",
        "soon I won't be a problem for anyone",
        # passive wishes
        "I wish I could go to sleep and never wake up",
        "every night I hope I don't wake up",
        "part of me hopes a bus hits me on the way to clinic",
        "I keep hoping the cancer wins faster",
        # plan and means
        "I've been stockpiling my insulin for weeks",
        "saving up my sleeping pills, I have enough now",
        "I looked up the lethal dose of my heart pills",
        "I'm going to take all my pills tonight",
        "picked the bridge already",
        # intent and timing
        "doing it tonight after everyone goes to bed",
        "I'm going to end it this weekend",
        # goodbye behaviour
        "This is my last post. Thank you all for everything.",
        "I gave away my cat and wrote letters to my kids",
        "I won't be posting again. Please look after each other.",
        # self-harm
        "I started cutting myself again",
        "relapsed on sh last night",
        "I burned myself with a lighter to feel something",
        # slang and abbreviations
        "kms",
        "gonna unalive myself",
        "thinking about sewerslide ngl",
        "honestly ready to catch the bus",
        "kys",
        # Spanish, with and without accents
        "quiero morirme",
        "Me quiero matar",
        "ya no aguanto más",
        "ya no aguanto mas",
        "Soy una carga para mi familia",
        "estarían mejor sin mí",
        "estarian mejor sin mi",
        "He estado juntando pastillas",
        "quiero despedirme de todos",
        "no quiero vivir",
        # other languages members write
        "je veux mourir",
        "marna chahta hoon",
    ],
)
def test_crisis_language_in_paraphrase_is_a_crisis(text):
    assert decision(text) == CRISIS, screen_text(text).explanation


@pytest.mark.parametrize(
    "text",
    [
        "k1ll mys3lf",
        "su1c1de thoughts again",
        "i want to d13",
        "I want to diiiieeee",
        "s.u.i.c.i.d.e thoughts",
        "k-m-s",
        "s u i c i d e thoughts",
        "I want to KILL MYSELF",
        "i want to kíll mysélf",
    ],
)
def test_normalisation_reads_leetspeak_runs_separators_case_and_accents(text):
    assert decision(text) == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "sucide thoughts every night",
        "feeling suicidel",
        "kil myslef",
        "I wnat to die",
        "evryone wuld be beter off with out me",
        "i wish i coudl just not wake up tomorow",
    ],
)
def test_common_misspellings_are_read(text):
    assert decision(text) == CRISIS


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("suicde", "suicide"),
        ("suicidel", "suicidal"),
        ("myslef", "myself"),
        ("hopeles", "hopeless"),
    ],
)
def test_typo_tolerance_applies_to_long_words(typed, meant):
    assert meant in resolve(typed)


@pytest.mark.parametrize("word", ["bills", "pulls", "homeless", "overdone", "kilt", "dye", "fell"])
def test_typo_tolerance_never_turns_a_real_or_short_word_into_a_crisis_word(word):
    assert not {"pills", "hopeless", "overdose", "kill", "die", "feel"} & (resolve(word) - {word})


@pytest.mark.parametrize(
    "text",
    [
        "this pain is killing me",
        "I'd kill for a coffee right now",
        "dying to try the new recipe",
        "I was so tired I could die laughing",
        "that chocolate cake was to die for",
        "we killed it at the charity quiz",
        "I nearly died of embarrassment at the clinic",
        "I want to dye my hair purple",
        "I don't want to wake up early tomorrow for the fasting test",
        "cutting carbs again this week",
        "my phone died on the way to the appointment",
        "I take all my pills in the morning with breakfast",
        "I'm saving money on my meds with the new coupon",
        "I feel like disappearing under a blanket",
        "Thanks for everything you do for this group",
    ],
)
def test_figures_of_speech_and_everyday_talk_are_not_held(text):
    assert decision(text) == ALLOW, screen_text(text).explanation


@pytest.mark.parametrize(
    "text",
    [
        "buying a rope for a camping trip",
        "bought a new gun for hunting season",
        "I keep my pills in a locked drawer",
        "picked the date for my surgery",
        "the bridge on my way to work is closed",
    ],
)
def test_means_or_a_date_without_intent_is_not_a_crisis(text):
    assert decision(text) == ALLOW, screen_text(text).explanation


@pytest.mark.parametrize(
    ("alone", "combined"),
    [
        ("I bought a rope", "I bought a rope and I'm doing it tonight"),
        ("I have all my pills saved in a box", "I've been saving my pills, going to take them all"),
        ("I'm doing it", "I'm doing it tonight"),
    ],
)
def test_combinations_raise_the_level(alone, combined):
    assert crisis.assess(combined).score > crisis.assess(alone).score
    assert decision(combined) == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "I feel so hopeless about this diagnosis",
        "I'm thinking of stopping my meds, so tired of the side effects",
        "nobody understands what this is like",
        "dark thoughts creeping in again",
        "I feel like a burden since the surgery",
    ],
)
def test_an_uncertain_signal_is_a_concern_at_least(text):
    assert decision(text) in (CONCERN, CRISIS)


def test_a_concern_is_below_crisis_and_above_allow():
    result = screen_text("I feel so hopeless about this diagnosis")
    assert result.decision == CONCERN
    assert 0 < result.crisis_score < CRISIS_THRESHOLD
    assert result.crisis == ["hopeless"]


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        ("I've been stockpiling my insulin for weeks", "plan + means"),
        ("I feel like such a burden to everyone", "indirect: burden"),
        ("I want to die tonight", "ideation + timing"),
        ("honestly kms", "slang: kms"),
        ("quiero morirme", "Spanish: ideation"),
        ("I feel so hopeless", "concern: hopelessness"),
        ("I'm not suicidal", "set aside: negated"),
    ],
)
def test_each_decision_explains_itself(text, explained):
    assert explained in screen_text(text).explanation


def test_signals_carry_their_spans_in_the_original_text():
    text = "Honestly...  I   wnat to   DIE tonight!!"
    result = screen_text(text)
    spans = {text[s.start : s.end] for s in result.crisis_signals}
    assert "wnat to   DIE" in spans and "tonight" in spans
    assert "wnat to   DIE" in result.crisis


def test_crisis_outranks_concern_and_phi_and_phi_is_still_returned():
    text = "I live at 42 Elm Street and I feel hopeless, I want to end it all"
    result = screen_text(text)
    assert result.decision == CRISIS
    assert [m.kind for m in result.phi] == ["address"]


def test_concern_outranks_phi():
    result = screen_text("I live at 42 Elm Street and I feel hopeless")
    assert result.decision == CONCERN
    assert result.phi


def test_an_ordinary_post_has_no_signals_and_no_explanation():
    result = screen_text("Walking after dinner helps my sugar a lot")
    assert result.decision == ALLOW
    assert result.crisis == [] and result.crisis_signals == [] and result.explanation == ""


@pytest.mark.parametrize("text", ["k m s", "km s", "skms", "kmsomething", "thanks"])
def test_short_slang_only_matches_as_a_whole_word(text):
    assert decision(text) == ALLOW


def test_spelled_out_letters_keep_their_span():
    text = "thinking about s.u.i.c.i.d.e again"
    [token] = [t for t in tokenise(text) if t.text == "suicide"]
    assert text[token.start : token.end] == "s.u.i.c.i.d.e"


def test_patterns_are_tried_only_where_they_can_start(monkeypatch):
    """Work, not time: the matcher is called for tokens that can start a pattern, never
    once per pattern per token."""
    calls = []
    real = patterns._match_rest

    def counting(*args):
        calls.append(args[3])
        return real(*args)

    monkeypatch.setattr(patterns, "_match_rest", counting)
    text = "walking helps. " * 2_000
    crisis.assess(text)
    assert calls == []


# Paraphrases written from each category's description (not taken from the corpus): verb
# forms, contractions, pronouns, word orders and small gaps.
PARAPHRASES_BY_CATEGORY = {
    "ideation": [
        "honestly thinking about ending it all this week",
        "i dont wanna be alive anymore",
        "I've got no will to live left",
        "keep thinking about hanging myself",
        "part of me wants to not exist",
    ],
    "indirect": [
        "my husband would be happier without me dragging him down",
        "things would be so much easier for my kids once I'm gone",
        "they won't have to worry about me for much longer",
        "i won't be a burden to anyone much longer",
        "ready to check out of this life",
        "nobody would even notice if I vanished",
        "I just want to disappear without a trace",
        "I feel like such a burden on my family",
    ],
    "passive": [
        "every night I pray I won't wake up",
        "hoping this infection takes me",
        "I hope the anaesthetic goes wrong on Thursday",
        "honestly I wouldn't mind not waking up",
        "id be relieved if I died in my sleep tonight",
        "I keep hoping a lorry hits me on the way home",
    ],
    "plan": [
        "been stashing my oxycodone in a shoebox for weeks",
        "I've got two months of insulin hoarded in the drawer",
        "googled how many sleeping tablets would kill me",
        "i keep a rope hung over the beam in the loft",
        "thought about running a hose from the exhaust into the car",
        "found out which bridge is high enough",
        "what amount of paracetamol is fatal",
    ],
    "intent": [
        "doing it this weekend when everyone's away, I've made up my mind",
        "it all ends tonight",
        "I'm going to go through with it by friday",
        "going to end it after the funeral",
    ],
    "goodbye": [
        "if I'm not here tomorrow please look after my cat",
        "I've written letters for each of my grandkids",
        "gave my guitar and records away this week, won't need them",
        "this is goodbye, I love you all",
        "sorted my passwords so my partner won't have to deal with it",
        "found a new home for my dog and left a note for my mum",
    ],
    "self-harm": [
        "I burned myself with a cigarette again",
        "been scratching my arms till they bleed",
        "relapsed and cut my thighs last night",
        "hid my blades in my pencil case",
        "the urge to cut is so strong tonight",
    ],
    "slang": [
        "ngl gonna kms",
        "thinking bout self deleting tbh",
        "might unalive myself idk",
        "game over for me soon lol",
        "\U0001faa6\U0001f52b this weekend",
    ],
    "misspelling": [
        "i want to kil myslef",
        "evryone wud be beter off without me",
        "been thinkin abt sucide a lot",
    ],
    "spanish": [
        "me quiero quitar la vida",
        "ya no quiero despertar",
        "estarian mejor sin mi",
        "tengo las pastillas guardadas en el cajon",
        "escribi una carta de despedida para mis hijos",
        "ya no los voy a molestar mas",
        "me volví a cortar anoche",
        "siento que soy una carga para mi familia",
    ],
    "spanglish": [
        "honestly quiero morirme, i cant anymore",
        "I want to matarme ya",
    ],
}


@pytest.mark.parametrize(
    ("category", "text"),
    [(category, text) for category, texts in PARAPHRASES_BY_CATEGORY.items() for text in texts],
)
def test_paraphrases_of_every_category_are_held(category, text):
    result = screen_text(text)
    assert result.decision == CRISIS, (category, result.explanation)


# Preparation and farewell without a death word (issue 14, point 2): weak signals that only
# count in pairs of different kinds (preparation, a bare decision, finality, farewell).
@pytest.mark.parametrize(
    "text",
    [
        "I've decided. Saturday.",
        "My mind is made up. It happens tonight.",
        "Everything is sorted now. After Sunday none of it will matter.",
        "Got it all arranged, this is my last weekend on earth.",
        "I won't need my tablets after this week. You've all been so kind to me.",
        "Left letters for everyone and made sure the dog will be looked after. I'm ready.",
        "cancelled all my appointments, there's no point, I won't need them",
        "The box is in my bedside drawer and I've counted them out. Please don't worry about me.",
        "enough there to not wake up, it's all planned",
        "Just wanted to thank everyone on here before I go. Take care of each other.",
        "Signed the flat over to my son's name and rehomed the cats. Nothing keeping me now.",
        "Told my sister where the insurance papers are. I feel calm for the first time in years.",
        (
            "Bloods came back fine and the new metformin dose is okay, stomach settling. "
            "Physio wants me walking daily which is hard in this rain. Anyway the pills are "
            "lined up in the drawer and I'm at peace with it. Does anyone know a good "
            "waterproof coat?"
        ),
    ],
)
def test_preparation_with_finality_or_farewell_is_a_crisis(text):
    """Two different kinds of weak signal in one post, however far apart, are a crisis."""
    assert decision(text) == CRISIS, screen_text(text).explanation


@pytest.mark.parametrize(
    "text",
    [
        "Planning a holiday to Portugal, it's all planned and booked for Friday!",
        "I've decided to try yoga this weekend",
        "I cancelled my appointment because I feel better",
        "I wrote thank-you cards to the nurses on the ward",
        "Saying goodbye to the group because I'm moving to the other forum",
        "checking my sugar one last time before I go to bed",
        "Got everything ready for the grandkids visiting on Saturday",
        "I've made my decision about the new insulin pump, going with the smaller one",
        "My sister has rehomed her dogs since she moved abroad",
        "the pills are in the drawer by the kettle so I remember them at breakfast",
        "thanks for all the advice before my knee surgery, the ward staff were lovely",
        "Last chemo tomorrow, one last time in that chair. Got everything ready for the party.",
        "thanks everyone for the support before my surgery, it is all arranged for Monday",
    ],
)
def test_one_kind_of_preparation_or_farewell_alone_stays_ordinary(text):
    """Holidays, decisions about treatment, thank-you notes and leaving the forum publish."""
    assert decision(text) == ALLOW, screen_text(text).explanation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I've decided. Friday.", CRISIS),
        ("Made my decision, it's tonight", CRISIS),
        ("Sunday. My mind is made up.", CRISIS),
        ("I've decided to start the couch to 5k on Friday.", ALLOW),
        ("I've made my decision, going with the smaller pump on Friday", ALLOW),
    ],
)
def test_a_bare_decision_pairs_only_with_a_time_right_beside_it(text, expected):
    """A decision ending its clause, next to a time, is a crisis; a decision about
    something else, with a date further on, is not."""
    assert decision(text) == expected, screen_text(text).explanation


def test_the_explanation_names_the_paired_weak_signals():
    """Moderators see which two kinds of signal made the combination."""
    explanation = screen_text("Got everything ready. After Friday it won't matter.").explanation
    assert "preparation" in explanation
    assert "finality" in explanation
