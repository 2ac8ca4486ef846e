"""ConText rules: negation, past, hypothetical, another person, prevention or help talk and
ordinary reasons set a signal aside; they never cancel a present risk elsewhere in the post."""

from __future__ import annotations

import pytest

from portal.screening import context
from portal.screening.services import Decision, screen_text

CRISIS, ALLOW = Decision.CRISIS, Decision.ALLOW


def set_aside(text: str) -> set[str]:
    return {s.context for s in screen_text(text).crisis_signals if not s.counts}


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("I'm not suicidal, just exhausted", context.NEGATED),
        ("I would never kill myself, my kids need me", context.NEGATED),
        ("I don't want to die, I want this pain managed", context.NEGATED),
        ("no quiero morir, quiero vivir", context.NEGATED),
        ("Years ago I tried to kill myself. Therapy saved me.", context.HISTORICAL),
        ("When I was 19 I used to cut myself", context.HISTORICAL),
        ("I used to self harm, I'm 5 years clean now", context.HISTORICAL),
        ("2015 was the year I overdosed, and look at me now", context.HISTORICAL),
        ("If you ever feel suicidal, please reach out", context.HYPOTHETICAL),
        ("What would you do if a friend said they wanted to die?", context.HYPOTHETICAL),
        ("My friend said she wanted to die", context.OTHER),
        ("In the novel the main character kills himself and wants to die", context.OTHER),
        ("My brother has been suicidal since his accident", context.OTHER),
        ("Our suicide prevention walk raised $2,000", context.PREVENTION),
        ("I volunteer on a crisis line and we talk about suicide every shift", context.PREVENTION),
        ("Save the Samaritans number, suicide is preventable", context.PREVENTION),
        ("Bought a rope for the camping trip", context.BENIGN),
        ("I've been stockpiling insulin because of the price rises", context.BENIGN),
        ("I cut myself shaving this morning", context.BENIGN),
    ],
)
def test_context_sets_a_signal_aside_and_says_why(text, why):
    result = screen_text(text)
    assert result.decision == ALLOW, result.explanation
    assert why in set_aside(text)


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I tried to kill myself, and tonight I'm thinking about it again",
        "I used to cut. I cut myself again last night.",
        "My friend said she wanted to die. Honestly I want to die too.",
        "I'm not okay, I want to die",
        "I don't know, I want to die",
        "I can't stop thinking about killing myself",
        "I'm not sure I want to live anymore",
        "I did a suicide prevention course last year but now I want to end my life",
        "I want to end my life and the suicide hotline did not pick up",
        "she said I should call 988 because I want to kill myself",
        "I tried to kill myself last night",
    ],
)
def test_context_never_cancels_a_present_risk(text):
    assert screen_text(text).decision == CRISIS, screen_text(text).explanation


@pytest.mark.parametrize(
    "text",
    [
        "If it gets bad, call 911 or text 988",
        "The Suicide & Crisis Lifeline number is 988",
        "Samaritans: 116 123, free, any time",
        "I called 988 last year and they were lovely",
        "September is suicide prevention month, wear yellow",
        "Linea de crisis: llama o textea al 988",
        "Our group is doing a QPR suicide prevention training on Saturday",
    ],
)
def test_helpline_numbers_and_prevention_talk_are_not_held(text):
    assert screen_text(text).decision == ALLOW, screen_text(text).explanation


@pytest.mark.parametrize(
    "text",
    [
        "My uncle died by suicide in 2010 and I still miss him",
        "I survived an attempt in 2012; ten years on I'm doing well",
        "how do I help a friend who is suicidal?",
        "the song is about a man who wants to die",
        "Dad kept saying he wanted to die when the pain was bad, it was hard to hear",
    ],
)
def test_other_people_and_past_stories_are_not_the_posters_risk(text):
    assert screen_text(text).decision == ALLOW, screen_text(text).explanation


def test_a_negation_is_closed_by_a_new_clause():
    """'not' in one clause does not reach a signal in the next."""
    assert screen_text("I'm not sleeping, and I want to die").decision == CRISIS


def test_a_gap_in_a_pattern_never_swallows_a_negation():
    assert screen_text("I hope I don't die during the surgery").decision == ALLOW


def test_another_persons_scope_is_closed_by_the_poster():
    signals = screen_text("He told me that I want to die").crisis_signals
    assert [s.context for s in signals if s.category == "ideation"] == [""]


def test_a_signal_with_the_posters_own_words_is_never_another_persons():
    assert screen_text("they would all be better off without me").decision == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        # figures of speech
        "I'm dying for a cup of tea after that clinic",
        "this heat is killing me, the fan is broken",
        "I could kill my brother for eating my snacks",
        "I'd rather die than sit through another team meeting",
        "my feet are killing me after the walk",
        # medical talk
        "ask your pharmacist about overdose risk before mixing painkillers",
        "stocking up on insulin before the pharmacy's holiday closure",
        "giving away my old glucose meter, anyone want it?",
        "I wrote a letter to my consultant about the side effects",
        "how many paracetamol can I take with my antibiotics?",
        "keeping my insulin pens in the fridge door",
        "I'm checking out of the hospital tomorrow morning",
        "hoping the surgery goes well on Thursday",
        # prevention talk, helplines, recovery, other people, fiction, news
        "We are running a suicide prevention walk this weekend",
        "If you feel like you can't go on, call 988 any time",
        "Five years ago I wanted to die. Today I ran my first 10k.",
        "my cousin's friend took her own life last year, so sad",
        "in the film the hero jumps off a bridge to save the kid",
        "the news said a man was hit by a train near the station",
        # negation
        "I would never hurt myself, I have too much to live for",
        "not suicidal, just really tired of this pain",
        "no quiero morirme, solo estoy cansada del dolor",
        # ordinary decluttering, travel, plans
        "giving my old books away to the library sale",
        "I won't be around next week, we're on holiday",
        "sorted my passwords into a password manager finally",
        "found a new home for my old sofa",
        "Thank you all, the breathing tips from last week helped me this week.",
        "picked up my refill \U0001f48a\U0001f48a at last",
    ],
)
def test_hard_negatives_stay_unflagged(text):
    result = screen_text(text)
    assert result.decision == ALLOW, result.explanation


@pytest.mark.parametrize(
    "text",
    [
        "My mum got everything sorted before her op and wrote notes for everyone, so organised",
        "Years ago I had it all planned and wrote notes for everyone. I am doing much better now.",
        "My friend posted that she has decided. Friday. I am worried about her, what should I do?",
        "I would never say it is all planned, and I have not written notes for anyone.",
    ],
)
def test_context_sets_aside_preparation_and_farewell_pairs(text):
    """Weak preparation and farewell signals pass through the same context rules: another
    person's preparations, past ones and negated ones are not the poster's risk."""
    assert screen_text(text).decision == ALLOW, screen_text(text).explanation
