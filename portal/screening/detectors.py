"""Pattern detectors. Each returns the matches it finds in a text, with their spans."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from portal.screening import crisis


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str


# Kept as the definition of an email; find_emails finds the same matches in linear time
# (searched over the whole text, this pattern backtracked quadratically on long words).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")  # starts only at "@": linear
# 7-15 digits with the separators people type; not a dose, a measurement or a short number.
_PHONE = re.compile(r"(?<![\w$])\+?\(?\d[\d\s().\-]{5,}\d(?![\d])")
_NOT_A_PHONE_AFTER = re.compile(r"\s*(?:mg|mcg|µg|ml|units?|iu|%|kg|lbs?|mmhg|bpm|mmol)\b", re.I)
_STREET = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy)\b\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d{2})"
)
_DOB = re.compile(
    # One way to split the spacing around ":" (two adjacent \s* backtracked quadratically).
    r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?)\s*(?:[:\-]\s*)?" + _DATE,
    re.I,
)
_MRN = re.compile(
    r"\b(?:mrn|medical record(?: number| no\.?| #)?|record (?:number|no\.?|#)|patient id|"
    r"hospital (?:number|no\.?))\s*(?:is\s*)?(?:[:#]\s*)?[A-Z0-9][A-Z0-9-]{4,}\b",
    re.I,
)
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b")


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _is_local_char(char: str) -> bool:
    return char.isalnum() or char in "_.+-"  # the class [\w.+-] of _EMAIL


def find_emails(text: str) -> list[Match]:
    """Same matches as ``_EMAIL.finditer``, in linear time: find each "@domain" first (a
    pattern that can only start at "@"), then walk back over its local part."""
    found: list[Match] = []
    searched_to = 0
    for domain in _EMAIL_DOMAIN.finditer(text):
        start = at = domain.start()
        while start > searched_to and _is_local_char(text[start - 1]):
            start -= 1
        if start < at:
            found.append(Match("email", start, domain.end(), text[start : domain.end()]))
            searched_to = domain.end()
    return found


def find_phones(text: str) -> list[Match]:
    found = []
    for match in _PHONE.finditer(text):
        candidate = match.group().strip()
        if not 7 <= _digits(candidate) <= 15:
            continue
        if _NOT_A_PHONE_AFTER.match(text, match.end()):
            continue
        if _SSN.fullmatch(candidate):
            continue
        found.append(Match("phone", match.start(), match.end(), candidate))
    return found


def find_addresses(text: str) -> list[Match]:
    return [Match("address", m.start(), m.end(), m.group()) for m in _STREET.finditer(text)]


def find_dates_of_birth(text: str) -> list[Match]:
    return [Match("date_of_birth", m.start(), m.end(), m.group()) for m in _DOB.finditer(text)]


def find_record_numbers(text: str) -> list[Match]:
    return [Match("record_number", m.start(), m.end(), m.group()) for m in _MRN.finditer(text)]


def find_ssns(text: str) -> list[Match]:
    return [Match("ssn", m.start(), m.end(), m.group()) for m in _SSN.finditer(text)]


PHI_DETECTORS = (
    find_emails,
    find_ssns,
    find_record_numbers,
    find_dates_of_birth,
    find_phones,
    find_addresses,
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "").replace("'", "")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


_APOSTROPHES = frozenset("'\u2019")


@dataclass(frozen=True)
class Token:
    """A word of a text, normalised, with its span in the original text."""

    text: str
    start: int
    end: int


def _fold(char: str) -> str:
    """One character case-folded, compatibility-decomposed, with its accents dropped."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[Token]:
    """The words of ``text`` in one pass: runs of letters, digits and underscores, folded
    (case, accents, compatibility forms); apostrophes inside a word are dropped ("don't" is
    "dont"); every other character (spaces, newlines, punctuation, repeated or not) only
    separates words."""
    found: list[Token] = []
    word: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if unicodedata.combining(char) or (word and char in _APOSTROPHES):
            continue  # a separate accent, or an apostrophe inside a word
        folded = _fold(char)
        if folded and all(c.isalnum() or c == "_" for c in folded):
            if not word:
                start = index
            word.append(folded)
            end = index + 1
            continue
        if word:
            found.append(Token("".join(word), start, end))
            word = []
    if word:
        found.append(Token("".join(word), start, end))
    return found


def find_phrases(text: str, phrases: tuple[str, ...], *, kind: str = "phrase") -> list[Match]:
    """Where each phrase occurs in ``text`` as whole words: a phrase is a sequence of tokens
    (see ``tokens``) and matches the same sequence in the text, whatever separates the words.
    Linear in the text for a given list of phrases (no regular expression on the text)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(token.text for token in tokens(phrase))
        if words:
            by_first.setdefault(words[0], []).append(words)
    if not by_first:
        return []
    words = tokens(text)
    found: list[Match] = []
    for position, token in enumerate(words):
        for phrase in by_first.get(token.text, ()):
            candidate = words[position : position + len(phrase)]
            if tuple(t.text for t in candidate) == phrase:
                start, end = token.start, candidate[-1].end
                found.append(Match(kind, start, end, text[start:end]))
    return found


def find_crisis_language(text: str, extra_phrases: tuple[str, ...] = ()) -> list[str]:
    """The crisis words found (see ``portal.screening.crisis``), then the moderators'
    phrases (whole words after the same normalisation), when they reach the crisis level."""
    assessment = crisis.assess(text, extra_phrases=extra_phrases)
    return assessment.phrases if assessment.level == crisis.CRISIS else []
