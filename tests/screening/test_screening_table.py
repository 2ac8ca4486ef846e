"""Screening decisions for a table of phrased examples: PHI of each kind, crisis
paraphrases, and ordinary posts that must not be held."""

from __future__ import annotations

import pytest

from portal.screening.services import Decision, screen_text

ALLOW, PHI, CRISIS = Decision.ALLOW, Decision.PHI, Decision.CRISIS

EXAMPLES = [
    # Personal health information, each kind and several formats.
    ("Email me at jane.doe@example.com if you want to talk", PHI, ["email"]),
    ("my address is rosa_2024+groups@mail.example.org", PHI, ["email"]),
    ("Call me on (555) 123-4567 after six", PHI, ["phone"]),
    ("text 555-123-4567", PHI, ["phone"]),
    ("UK folks can reach me on +44 20 7946 0958", PHI, ["phone"]),
    ("my mobile is 07700 900123", PHI, ["phone"]),
    ("ring +1 202 555 0175 any time", PHI, ["phone"]),
    ("I live at 42 Elm Street near the clinic", PHI, ["address"]),
    ("come by 1600 Maple Avenue on Saturday", PHI, ["address"]),
    ("we moved to 7 Green Park Road last year", PHI, ["address"]),
    ("DOB: 03/14/1985, in case the nurse asks", PHI, ["date_of_birth"]),
    ("I was born on 14 March 1985", PHI, ["date_of_birth"]),
    ("date of birth 1985-03-14", PHI, ["date_of_birth"]),
    ("My MRN is 00451234 if that helps", PHI, ["record_number"]),
    ("medical record number: AB-778812", PHI, ["record_number"]),
    ("patient ID 99812-33 on my wristband", PHI, ["record_number"]),
    ("my SSN is 123-45-6789", PHI, ["ssn"]),
    ("social 123 45 6789 was on the form", PHI, ["ssn"]),
    ("email jane@example.com or call 555-123-4567", PHI, ["email", "phone"]),
    # Crisis language and paraphrases.
    ("I want to kill myself", CRISIS, []),
    ("honestly I've been feeling suicidal this week", CRISIS, []),
    ("I just want to end it all", CRISIS, []),
    ("thinking about ending my life", CRISIS, []),
    ("I don't want to be here anymore", CRISIS, []),
    ("everyone would be better off without me", CRISIS, []),
    ("there's no reason to live", CRISIS, []),
    ("I can't go on anymore", CRISIS, []),
    ("I wish I was dead", CRISIS, []),
    ("I've started cutting myself again", CRISIS, []),
    ("self-harm is on my mind a lot", CRISIS, []),
    ("I'm going to take all my pills tonight", CRISIS, []),
    ("I don't want to wake up tomorrow", CRISIS, []),
    ("I Want To Die", CRISIS, []),
    ("thinking of saying goodbye to everyone", CRISIS, []),
    ("I want to die, call me at 555-123-4567", CRISIS, ["phone"]),
    # Ordinary posts that must not be held.
    ("I take 500 mg of metformin twice a day", ALLOW, []),
    ("My blood pressure was 140/90 this morning", ALLOW, []),
    ("If it gets bad, call 911 or text 988", ALLOW, []),
    ("Dose went from 2.5 mg to 5 mg last week", ALLOW, []),
    ("I walked 10,000 steps today!", ALLOW, []),
    ("My A1c dropped from 8.1 to 6.9 in 2024", ALLOW, []),
    ("Diagnosed in 2019 at age 54", ALLOW, []),
    ("I was so tired I could die laughing at that meme", ALLOW, []),
    ("The suicide prevention lifeline number is 988", ALLOW, []),
    ("Save the Suicide & Crisis Lifeline: 988", ALLOW, []),
    ("I want to end my life and the suicide hotline did not pick up", CRISIS, []),
    ("Room 12 on the 3rd floor has the best view", ALLOW, []),
    ("My glucose was 7.2 mmol this morning", ALLOW, []),
    ("Insulin 10 units before dinner", ALLOW, []),
]


def test_the_table_has_at_least_forty_examples():
    """The Moderation issue asks for at least 40 phrased examples."""
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize(("text", "decision", "phi_kinds"), EXAMPLES)
def test_screening_decision(text, decision, phi_kinds):
    """Each example gets the expected decision and PHI kinds."""
    result = screen_text(text)
    assert result.decision == decision, (text, result)
    assert result.phi_kinds == sorted(phi_kinds), (text, result.phi)


def test_matches_carry_their_spans_for_highlighting():
    """The member sees exactly what was matched."""
    text = "Reach me at jane@example.com please"
    match = screen_text(text).phi[0]
    assert text[match.start : match.end] == "jane@example.com"


def test_moderators_can_add_crisis_phrases():
    """Extra phrases (the moderator-editable list) are matched too."""
    assert screen_text("I feel like disappearing").decision == ALLOW
    result = screen_text("I feel like disappearing", extra_crisis_phrases=("like disappearing",))
    assert result.decision == CRISIS
