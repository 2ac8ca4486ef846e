"""Personal health information (PHI) by kind: each detector returns the matches of one kind
with their spans, and ``find_phi`` keeps the most specific kind where two overlap.

Every detector runs in time linear in the text: the regular expressions below either start
at a specific word or digit and scan a bounded distance, or are anchored at a position with
a bounded ``endpos``; the parsers (``phonenumbers``, ``usaddress``) only see short candidate
windows that a cheap pattern found first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

import phonenumbers
import usaddress
from phonenumbers import Leniency, PhoneNumberMatcher

from portal.screening.dates import DATE, DATE_OR_TIME_NUMBER
from portal.screening.matches import Match

PHI_KIND_LABELS = {
    "ssn": "Social Security number",
    "nhs_number": "NHS number",
    "insurance_id": "Insurance member or policy ID",
    "record_number": "Medical record or hospital number",
    "email": "Email address",
    "date_of_birth": "Date of birth",
    "phone": "Phone number",
    "address": "Street address or postcode",
    "name_with_facility": "Full name with a facility and a date",
}


def phi_kind_label(kind: str) -> str:
    """What a moderator reads for a kind ("NHS number", not "nhs_number")."""
    return PHI_KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def _matches(kind: str, text: str, spans: Iterable[tuple[int, int]]) -> list[Match]:
    return [Match(kind, start, end, text[start:end]) for start, end in spans]


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


# --- Emails ----------------------------------------------------------------------------

# Kept as the definition of an email; find_emails finds the same matches in linear time
# (searched over the whole text, this pattern backtracked quadratically on long words).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")  # starts only at "@": linear


def _is_local_char(char: str) -> bool:
    return char.isalnum() or char in "_.+-"  # the class [\w.+-] of _EMAIL


def find_plain_emails(text: str) -> list[Match]:
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


# Obfuscated emails ("dana dot whitfield at example dot com", "dana(at)example(dot)org",
# "dana [at] example [dot] net", "dana @ example . com") are matched on tokens: a word, or
# one punctuation character. Bracketed markers are folded into one token first.
_TOKEN = re.compile(r"[^\W_]+|\S")
_BRACKETED = re.compile(r"[\[({<]\s{0,3}(at|dot)\s{0,3}[\])}>]", re.I)
_OBFUSCATION_HINT = re.compile(r"@|\bat\b|[\[({<]\s{0,3}at\s{0,3}[\])}>]", re.I)
_TLDS = frozenset(
    "com org net edu gov mil int io co uk us ca au ie nz de fr es it nl info biz me nhs "
    "ac health care email mail online".split()
)
# Words that end a sentence like "find us at example dot org": not a mailbox.
_NOT_LOCAL = frozenset(
    "us me them him her it was is are be been at online here there look find visit "
    "website site page go went see read".split()
)
_JOINERS = frozenset("_-+")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end): bracketed "(at)" / "[dot]" become one token "@" / "."."""
    found: list[tuple[str, int, int]] = []
    position = 0
    for bracket in _BRACKETED.finditer(text):
        found.extend(_plain_tokens(text, position, bracket.start()))
        marker = "@" if bracket.group(1).lower() == "at" else "."
        found.append((marker + "!", bracket.start(), bracket.end()))  # "!": explicit
        position = bracket.end()
    found.extend(_plain_tokens(text, position, len(text)))
    return found


def _plain_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_at(token: str) -> bool:
    return token in {"@", "@!", "at"}


def _is_dot(token: str) -> bool:
    return token in {".", ".!", "dot"}


def _is_label(token: str) -> bool:
    return token[0].isalnum() and token not in {"at", "dot"}


def _domain_end(tokens: list[tuple[str, int, int]], index: int) -> tuple[int, bool] | None:
    """From the token after an "at" marker: the index of the domain's last label, and
    whether any dot was written as a word or in brackets; None when it is no domain."""
    if index >= len(tokens) or not _is_label(tokens[index][0]):
        return None
    last, obfuscated = None, False
    while index + 2 < len(tokens) and _is_dot(tokens[index + 1][0]):
        if not _is_label(tokens[index + 2][0]):
            break
        obfuscated = obfuscated or tokens[index + 1][0] != "."
        index += 2
        last = index
    if last is None or tokens[last][0] not in _TLDS:
        return None
    return last, obfuscated


def _local_start(tokens: list[tuple[str, int, int]], index: int, floor: int) -> int | None:
    """From the token before an "at" marker, walking back over labels joined by dots or
    "_-+" (no further back than ``floor``): the index of the local part's first token."""
    if index < floor or not _is_label(tokens[index][0]):
        return None
    while index - 2 >= floor and _is_label(tokens[index - 2][0]):
        joiner = tokens[index - 1][0]
        if not (_is_dot(joiner) or joiner in _JOINERS):
            break
        index -= 2
    return index


def find_obfuscated_emails(text: str) -> list[Match]:
    """Emails written to dodge a pattern. A bare word "at" counts only when a dot is also
    written as a word or in brackets ("jo at example dot com"), so "I read it at nhs.uk"
    is not an email. Linear: each "at" walks forward to the next marker at most, and back
    no further than the previous match."""
    if not _OBFUSCATION_HINT.search(text):
        return []
    tokens = _tokens(text)
    found: list[Match] = []
    floor = 0
    for index, (token, start, _end) in enumerate(tokens):
        if not _is_at(token) or index < floor:
            continue
        domain = _domain_end(tokens, index + 1)
        local = _local_start(tokens, index - 1, floor)
        if domain is None or local is None:
            continue
        last, obfuscated_dot = domain
        if token == "at" and (not obfuscated_dot or tokens[index - 1][0] in _NOT_LOCAL):
            continue
        if token == "@" and not obfuscated_dot and text[tokens[local][1] : tokens[last][2]] == (
            text[tokens[local][1] : tokens[last][2]].replace(" ", "")
        ):
            continue  # a plain email: find_plain_emails has it
        begin, end = tokens[local][1], tokens[last][2]
        found.append(Match("email", begin, end, text[begin:end]))
        floor = last + 1
    return found


def find_emails(text: str) -> list[Match]:
    """Plain emails, then the obfuscated ones they do not overlap."""
    return _merge(find_plain_emails(text), find_obfuscated_emails(text))


# --- Identifiers with context: SSN, NHS number, record numbers, insurance IDs --------------

_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}\b")
_SSN_CONTEXT = re.compile(r"\b(?:ssn|social security(?: number| no\.?| #)?|social)\b", re.I)
# The value after a label: up to four letters, then digits with inner separators.
_VALUE = re.compile(
    r"(?:[\s:#=\-]|\b(?:is|was|of|number|no|num|id)\b\.?)*"
    r"(?P<value>(?:[A-Z]{1,4}[\s\-]?)?\d(?:[\d\-/]|\s(?=\d))*(?:[A-Z]\b)?)",
    re.I,
)
_VALUE_REACH = 24  # characters between a label and its value, at most


def _value_after(text: str, position: int) -> tuple[int, int] | None:
    match = _VALUE.match(text, position, min(len(text), position + _VALUE_REACH + 24))
    if match is None or match.start("value") - position > _VALUE_REACH:
        return None
    return match.span("value")


def find_ssns(text: str) -> list[Match]:
    """Social Security numbers written 3-2-4, or nine digits after an SSN label."""
    spans = [m.span() for m in _SSN.finditer(text)]
    for label in _SSN_CONTEXT.finditer(text):
        value = _value_after(text, label.end())
        if value and len(_digits(text[value[0] : value[1]])) == 9:
            spans.append((label.start(), value[1]))
    return _merge(_matches("ssn", text, spans))


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check: weights 10..2 on the first nine digits; 11 - the
    remainder is the tenth digit (11 counts as 0; 10 means the number is never issued)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[9])


_TEN_DIGITS = re.compile(r"(?<![\d\-])\d{3}([ \-]?)\d{3}\1\d{4}(?![\d\-]|\.\d)")
_NHS_CONTEXT = re.compile(r"\bnhs\b", re.I)
_PHONE_WORDS = re.compile(
    r"\b(?:call|ring|phone|mobile|cell|tel|text|whatsapp|landline|reach|contact)\b", re.I
)


def find_nhs_numbers(text: str) -> list[Match]:
    """Ten digits passing the modulus-11 check, written after "NHS" (any grouping) or, with
    no label, grouped 3-3-4 as the NHS prints them and not introduced as a phone number.

    Without a label a random ten-digit number passes the check about one time in eleven,
    so an ungrouped run of digits is left to the other detectors; a 3-3-4 number is held
    either way, and the label decides only which kind the moderator reads."""
    spans = []
    for match in _TEN_DIGITS.finditer(text):
        if not nhs_check_digit_ok(_digits(match.group())):
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        if _NHS_CONTEXT.search(before):
            spans.append(match.span())
        elif match.group(1) and not _PHONE_WORDS.search(before):
            spans.append(match.span())
    return _matches("nhs_number", text, spans)


_RECORD_LABEL = re.compile(
    r"\b(?:mrn|m\.r\.n\.?|medical records?(?: number| no\.?| #)?|record (?:number|no\.?|#)|"
    r"patient (?:id|identifier|number|no\.?|#)|hospital (?:number|no\.?|#|id)|"
    r"chart (?:number|no\.?|#)|case (?:number|no\.?)|unit number|crn|chi (?:number|no\.?)|"
    r"nhs (?:number|no\.?|#)|nhs)",
    re.I,
)


def find_record_numbers(text: str) -> list[Match]:
    """A value with at least four digits after a medical-record, hospital or patient label.
    A number after "NHS number" that fails the NHS check lands here: the member meant an
    identifier even if a digit is wrong."""
    spans = []
    for label in _RECORD_LABEL.finditer(text):
        value = _value_after(text, label.end())
        if value and len(_digits(text[value[0] : value[1]])) >= 4:
            spans.append((label.start(), value[1]))
    return _merge(_matches("record_number", text, spans))


_INSURANCE_LABEL = re.compile(
    r"\b(?:(?:member|membership|subscriber|policy|group|plan|insurance|insurer|medicaid|"
    r"medicare|beneficiary|claim)\s*(?:id|identification|number|no\.?|num|#)|"
    r"(?:cigna|aetna|bcbs|blue cross(?: blue shield)?|anthem|humana|united ?healthcare|"
    r"kaiser|tricare|bupa|axa|vitality|medicaid|medicare|insurance|policy)\b)",
    re.I,
)
# With no label: two to four capitals then six to twelve digits ("XYZ123456789").
_INSURANCE_SHAPE = re.compile(r"\b[A-Z]{2,4}[\-\s]?\d{6,12}\b")
# Medicare beneficiary identifier: 11 characters in a fixed letter/digit pattern.
_MBI = re.compile(
    r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}\b"
)


def find_insurance_ids(text: str) -> list[Match]:
    """Member, policy and group IDs: a value with at least four digits after an insurance
    label."""
    spans = []
    for label in _INSURANCE_LABEL.finditer(text):
        value = _value_after(text, label.end())
        if value and len(_digits(text[value[0] : value[1]])) >= 4:
            spans.append((label.start(), value[1]))
    return _merge(_matches("insurance_id", text, spans))


def find_insurance_shaped_ids(text: str) -> list[Match]:
    """IDs shaped like a member ID with no label (a letter prefix then digits; a Medicare
    MBI). After the labelled kinds: "MRN AB123456" is a record number."""
    spans = [m.span() for m in _INSURANCE_SHAPE.finditer(text)]
    spans.extend(m.span() for m in _MBI.finditer(text))
    return _merge(_matches("insurance_id", text, spans))


# --- Dates of birth ------------------------------------------------------------------

_BIRTH_LABEL = re.compile(
    r"\b(?:dob|d\.o\.b\b\.?|date of birth|birth ?date|birthday|b-?day|born|"
    r"fecha de nacimiento|nac[ií](?:d[oa])?|cumpleaños|f\.? ?nac\.?)(?!\w)",
    re.I,
)
_BIRTH_GAP = 24  # characters between a birth label and its date, at most
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")


def find_dates_of_birth(text: str) -> list[Match]:
    """A date (day and month at least) just after a birth label ("DOB 3/3/61", "born on the
    third of March 1961", "nací el 5 de mayo de 1970") or just before one ("12/05/1958 is
    my birthday"). A date alone, or a birth year alone, is not a date of birth."""
    labels = list(_BIRTH_LABEL.finditer(text))
    if not labels:
        return []
    ends = [label.end() for label in labels]
    starts = [label.start() for label in labels]
    spans = []
    for date in DATE.finditer(text):
        before = bisect.bisect_right(ends, date.start()) - 1
        if before >= 0 and _close(text, ends[before], date.start(), _BIRTH_GAP):
            spans.append((starts[before], date.end()))
            continue
        after = bisect.bisect_left(starts, date.end())
        if after < len(starts) and _close(text, date.end(), starts[after], 16):
            spans.append((date.start(), ends[after]))
    return _merge(_matches("date_of_birth", text, spans))


def _close(text: str, start: int, end: int, reach: int) -> bool:
    return 0 <= end - start <= reach and not _SENTENCE_END.search(text, start, end)


# --- Phone numbers ------------------------------------------------------------------

# A run of digits with the separators people type: a cheap filter before phonenumbers.
_DIGIT_RUN = re.compile(r"(?<![\w/:$£€.,])\+?\(?\d(?:[ \t.\-()]{0,4}\d)*(?![\w/%])")
_NOT_A_PHONE_AFTER = re.compile(
    r"\s*(?:mg|mcg|µg|ml|units?|iu|%|kg|lbs?|mmhg|bpm|mmol|mg/dl|g|cm|mm|steps|calories|"
    r"kcal|am|pm|hrs?|hours?|mins?|minutes?|times|x\b|/)",
    re.I,
)
_READING_CONTEXT = re.compile(
    r"\b(?:glucose|sugars?|bgs?|bg\s?levels?|blood pressure|bp|readings?|read|peak ?flow|pef|"
    r"mmol|mg/?dl|fasting|levels?|sats|spo2|o2|pulse|heart ?rate|hr|weights?|weighed|"
    r"numbers|results?|values?|scores?|counts?|inr|a1c|hba1c|ketones|temps?|temperature|"
    r"doses?|units|pills|tablets|steps)\b",
    re.I,
)
_HELPLINE_CONTEXT = re.compile(
    r"\b(?:help ?lines?|hot ?lines?|life ?lines?|switchboard|crisis (?:text )?lines?|"
    r"support lines?|advice lines?|info ?lines?|text ?lines?|samaritans|shout|childline|"
    r"freephone|toll[\s-]?free|nhs\s?111|988|111|999|911|line|lines|charity|"
    r"reception|appointments? line|pharmacy|clinic|surgery|practice|hospital|office|ward)\b",
    re.I,
)
_PERSONAL_CONTEXT = re.compile(
    r"\b(?:me|my|mine|i'?m|i am|her|his|him|mum'?s|mom'?s|dad'?s|wife'?s|husband'?s|"
    r"son'?s|daughter'?s|home|personal|private|cell|mobile|whatsapp|text me|call me)\b",
    re.I,
)
# Public numbers: emergency and helpline short codes, UK freephone and non-geographic
# organisation ranges, North American toll-free ranges.
_PUBLIC_NUMBER = re.compile(
    r"(?:988|911|999|111|112|116\d{3}|0800\d*|0808\d*|0300\d*|0330\d*|0345\d*|0370\d*|"
    r"0845\d*|0870\d*|1?8(?:00|33|44|55|66|77|88)\d{7})"
)
_MY_NUMBER = re.compile(r"\b(?:my|our|his|her|their) (?:\w+ )?(?:number|no\.?|#)", re.I)
_CONTEXT_REACH = 40  # characters before a number read for its context


def _context_before(text: str, start: int, floor: int) -> str:
    return text[max(floor, start - _CONTEXT_REACH) : start]


def _is_reading_run(candidate: str) -> bool:
    """Three or more groups of two or three digits, none with a leading zero and each a
    plausible reading (40-400): "112 134 98 145 201", not "555 012 3456"."""
    groups = candidate.replace(".", " ").replace("-", " ").split()
    if len(groups) < 3:
        return False
    return all(
        group.isdigit() and 2 <= len(group) <= 3 and group[0] != "0" and 40 <= int(group) <= 400
        for group in groups
    )


_ODD_SEPARATOR = re.compile(r"\s[.\-]|[.\-]\s|(?<!\d)\d(?!\d)")


def _is_oddly_separated(candidate: str) -> bool:
    """Digits split to dodge a pattern: spaced dots or dashes, or single-digit groups
    ("555 . 01 . 23 . 4 5"), in four or more groups."""
    groups = re.findall(r"\d+", candidate)
    return len(groups) >= 4 and len(_ODD_SEPARATOR.findall(candidate)) >= 2


def _possible_phone(candidate: str) -> tuple[int, int] | None:
    """Where ``phonenumbers`` finds a possible US or UK number in ``candidate``.

    Leniency POSSIBLE, not VALID: the numbers members and synthetic posts use are often
    outside assigned ranges (US 555 numbers, Ofcom's 07700 900xxx drama range) yet still
    someone's number as typed; the context rules around this call keep readings, dates
    and public numbers out."""
    for region in ("US", "GB"):
        for match in PhoneNumberMatcher(candidate, region, leniency=Leniency.POSSIBLE):
            return match.start, match.end
    digits = _digits(candidate)
    if candidate.lstrip().startswith("+"):
        digits = "+" + digits
    for region in ("US", "GB"):  # oddly separated ("555 . 01 . 23 . 4 5")
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number) and len(_digits(digits)) >= 10:
            return 0, len(candidate)
    return None


def _phone_span(text: str, run: re.Match, floor: int) -> tuple[int, int] | None:
    candidate = run.group()
    digits = _digits(candidate)
    if not 7 <= len(digits) <= 15 or DATE_OR_TIME_NUMBER.fullmatch(candidate.strip("()")):
        return None
    if _NOT_A_PHONE_AFTER.match(text, run.end()) or _PUBLIC_NUMBER.fullmatch(digits):
        return None
    before = _context_before(text, run.start(), floor)
    phone_context = bool(_PHONE_WORDS.search(before) or _MY_NUMBER.search(before))
    if _HELPLINE_CONTEXT.search(before) and not _PERSONAL_CONTEXT.search(before):
        return None
    if not phone_context and (_is_reading_run(candidate) or _READING_CONTEXT.search(before)):
        return None
    if _is_oddly_separated(candidate):
        return run.span()
    if len(digits) < 10 and not phone_context:
        return None  # a local number with no area code: only when introduced as a phone
    found = _possible_phone(candidate)
    if found is None:
        return None
    return run.start() + found[0], run.start() + found[1]


def find_digit_phones(text: str) -> list[Match]:
    spans = []
    floor = 0
    for run in _DIGIT_RUN.finditer(text):
        span = _phone_span(text, run, floor)
        if span:
            spans.append(span)
        floor = run.end()  # the next number's context starts after this one
    return _matches("phone", text, spans)


_SPELLED = {
    "zero": "0",
    "nought": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_SPELLED_HINT = re.compile(r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine)\b", re.I)
_SPELLED_SEPARATORS = frozenset("-.,/()")


def find_spelled_phones(text: str) -> list[Match]:
    """Phone numbers in words ("five five five oh one two three four"), digits and words
    mixed, "double"/"triple" repeating the next digit: a run of ten or more digits (seven
    after a phone word) with at least three written as words."""
    if len(_SPELLED_HINT.findall(text[:100_000])) < 3:
        return []
    spans = []
    run: list[tuple[str, int, int]] = []  # (digits, start, end)
    repeat = 1
    for token, start, end in [*_plain_tokens(text, 0, len(text)), ("", len(text), len(text))]:
        if token in {"double", "triple"}:
            repeat = 2 if token == "double" else 3
            continue
        digits = _SPELLED.get(token) or (token if token.isdigit() else None)
        if digits and token in {"o", "oh"} and not run:
            digits = None  # "oh" is zero only inside a run of digits
        if digits:
            run.append((digits * repeat, start, end))
            repeat = 1
            continue
        if token in _SPELLED_SEPARATORS and run:
            continue
        spans.extend(_spelled_run_span(text, run))
        run, repeat = [], 1
    return _matches("phone", text, spans)


def _spelled_run_span(text: str, run: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    if not run:
        return []
    digits = "".join(part for part, _, _ in run)
    words = sum(not part_text.isdigit() for part_text in (text[s:e] for _, s, e in run))
    phone_context = bool(_PHONE_WORDS.search(_context_before(text, run[0][1], 0)))
    wanted = 7 if phone_context else 10
    if words >= 3 and wanted <= len(digits) <= 13:
        return [(run[0][1], run[-1][2])]
    return []


def find_phones(text: str) -> list[Match]:
    return _merge(find_digit_phones(text), find_spelled_phones(text))


# --- Addresses ------------------------------------------------------------------------

_STREET_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|terr?|close|crescent|cres|parkway|pkwy|highway|hwy|circle|cir|square|sq|"
    r"trail|trl|gardens|grove|mews|row|walk|rise|hill|view|green|loop|pike|plaza|"
    r"broadway|wynd|gate|esplanade|parade|drove)"
)
# A house number, up to three name words, a street suffix: the cheap pre-filter.
_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?(?:-\d{1,4})?,?\s+(?:[A-Za-z][\w'’.\-]*\s+){1,3}?" + _STREET_SUFFIX + r"\b\.?",
    re.I,
)
_NOT_STREET_WORDS = frozenset(
    "the a an to of and or in on at from for with per my your our his her their this that "
    "down up over across into more less times time days day weeks week months month years "
    "year hours hour minutes minute mins miles mile km kilometres kilometers metres meters "
    "blocks block floors floor doors door steps step people kids children pills tablets mg "
    "units doses dose laps lap flights flight stairs rounds round sessions session visits "
    "cups cup glasses bottles ago left right away just only about around".split()
)
_OCCUPANCY = re.compile(
    r"\b(?:apt|apartment|suite|ste)\.?\s{0,3}#?\s{0,3}\d{1,5}[A-Z]?\b"
    r"|\bP\.?\s?O\.?\s{0,3}Box\s{1,3}\d{1,6}\b",
    re.I,
)
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_CITY_STATE_ZIP = re.compile(
    r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s{0,3}(?:" + _US_STATES.replace(" ", "|") + r")\s{1,3}"
    r"\d{5}(?:-\d{4})?\b"
)
# UK postcode grammar (outward code, space, inward code), capitals as written on post.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|[A-HK-Y]\d[ABEHMNPRV-Y]?|\d\d?|"
    r"[A-HK-Y]\d\d?))\s?\d[ABD-HJLNP-UW-Z]{2})\b"
)
_POSTCODE_ANY_CASE = re.compile(_POSTCODE.pattern, re.I)
_POSTCODE_LABEL = re.compile(r"\b(?:post ?code|postal code|zip(?: code)?)\b", re.I)
_ADDRESS_TAGS = frozenset(
    {
        "AddressNumber",
        "AddressNumberSuffix",
        "StreetNamePreDirectional",
        "StreetNamePreType",
        "StreetName",
        "StreetNamePostType",
        "StreetNamePostDirectional",
        "OccupancyType",
        "OccupancyIdentifier",
        "PlaceName",
        "StateName",
        "ZipCode",
        "SubaddressType",
        "SubaddressIdentifier",
    }
)
_ADDRESS_WINDOW = 60  # characters after a street read by usaddress for city, state, ZIP


def _street_span(text: str, street: re.Match) -> tuple[int, int] | None:
    words = street.group().split()[1:-1]
    if any(word.strip(",.").casefold() in _NOT_STREET_WORDS for word in words):
        return None
    window_end = text.find("\n", street.end(), street.end() + _ADDRESS_WINDOW)
    window = text[street.start() : window_end if window_end > 0 else street.end() + 60]
    try:
        parsed = usaddress.parse(window)
    except Exception:  # noqa: BLE001  # usaddress's CRF can raise on odd input: keep the street
        return street.span()
    if not parsed or parsed[0][1] != "AddressNumber":
        return None
    length, position = 0, 0
    for token, tag in parsed:
        found = window.find(token, position)
        if tag not in _ADDRESS_TAGS or found < 0:
            break
        position = found + len(token)
        length = position
    return street.start(), street.start() + max(length, street.end() - street.start())


def find_addresses(text: str) -> list[Match]:
    """Street addresses (a US or UK house number and street, extended by ``usaddress`` to
    its city, state and ZIP), apartment/suite and PO boxes, "City, ST 12345", and UK
    postcodes (in capitals, or any case after "postcode")."""
    spans = [span for m in _STREET.finditer(text) if (span := _street_span(text, m))]
    spans.extend(m.span() for m in _OCCUPANCY.finditer(text))
    spans.extend(m.span() for m in _CITY_STATE_ZIP.finditer(text))
    spans.extend(m.span() for m in _POSTCODE.finditer(text))
    for label in _POSTCODE_LABEL.finditer(text):
        code = _POSTCODE_ANY_CASE.search(text, label.end(), label.end() + 16)
        if code:
            spans.append(code.span())
    return _merge(_matches("address", text, spans))


# --- A full name next to a facility and a date ----------------------------------------

# No named-entity model can be installed here (no spaCy model may be downloaded), so a name
# is a careful pattern: two or three capitalised words, with or without a title, none of
# them a common word, month, weekday or facility word; and it counts only with a facility
# word and a date close by ("Dr. Priya Malhotra at Maplewood General on 12 March").
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?|[A-Z]['’][A-Z][a-z]+|Mc[A-Z][a-z]+)"
_TITLE = r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Dra|Sr|Sra)\.?"
_NAME = re.compile(
    r"\b(?P<title>" + _TITLE + r"\s+)?(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,2})\b"
)
_FACILITY = re.compile(
    r"\b(?:hospital|clinic|infirmary|surgery|ward|hospice|medical cent(?:er|re)|"
    r"health cent(?:er|re)|urgent care|a&e|emergency room|hospital|clínica|hospitalario)\b"
    r"|\b(?:General|Memorial|Royal)\b",
    re.I,
)
_NOT_NAME_WORDS = frozenset(
    (
        "I Im Ive Id The A An My Our Your His Her Their We You He She They It This That "
        "These Those Then There Here When What Why How Who Where Which If So But And Or "
        "Not No Yes Yesterday Today Tomorrow Tonight Last Next Saw Seen See Met Went Got "
        "Had Have Has Was Were Is Are Be Been Going Went Came Called Told Asked Said Just "
        "Also Still Even Only After Before Since During At On In To From For With By Of "
        "Dear Hi Hello Thanks Thank Please Sorry Anyway Update Good Great Well Ok Okay "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
        "April May June July August September October November December Jan Feb Mar Apr "
        "Jun Jul Aug Sep Sept Oct Nov Dec Hospital Clinic General Medical Centre Center "
        "Infirmary Surgery Ward Memorial Royal Saint St University Community Health NHS "
        "Trust Foundation Children Childrens Womens County City Regional District "
        "Emergency Department Unit Urgent Care Oncology Cardiology Diabetes Cancer "
        "Mental Clinical Hospice Practice Doctor Nurse Dr Mr Mrs Ms Miss Prof Sister "
        "Christmas Easter God Lord Mom Mum Dad Mother Father Grandma Grandpa Nan".split()
    )
)
_NAME_REACH = 90  # characters between a name and its facility word or date, at most


def _full_name(match: re.Match) -> tuple[int, int] | None:
    """The name's span once leading and trailing common words are dropped; None when fewer
    than two name words remain."""
    words = list(re.finditer(r"\S+", match.group("name")))
    kept = [w for w in words if w.group().replace("’", "").replace("'", "") not in _NOT_NAME_WORDS]
    if len(kept) < 2 or kept != words[words.index(kept[0]) : words.index(kept[0]) + len(kept)]:
        return None
    offset = match.start("name")
    start = match.start() if match.group("title") and kept[0] is words[0] else offset
    return start + (kept[0].start() if start == offset else 0), offset + kept[-1].end()


def _near(positions: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(positions, start - _NAME_REACH)
    return index < len(positions) and positions[index] <= end + _NAME_REACH


def find_names_with_facility(text: str) -> list[Match]:
    facilities = [m.start() for m in _FACILITY.finditer(text)]
    if not facilities:
        return []
    dates = [m.start() for m in DATE.finditer(text)]
    if not dates:
        return []
    spans = []
    for match in _NAME.finditer(text):
        span = _full_name(match)
        if span and _near(facilities, *span) and _near(dates, *span):
            spans.append(span)
    return _matches("name_with_facility", text, spans)


# --- Overlaps ---------------------------------------------------------------------------


def _merge(*groups: Iterable[Match]) -> list[Match]:
    """The matches of one kind, the first of two overlapping ones kept, in text order."""
    return _without_overlaps([match for group in groups for match in group])


def _without_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Earlier matches win over later ones they overlap; n log n (kept spans are disjoint,
    so only the neighbours of a new span can overlap it)."""
    starts: list[int] = []
    kept: list[Match] = []
    for match in matches:
        index = bisect.bisect_left(starts, match.start)
        if index > 0 and kept[index - 1].end > match.start:
            continue
        if index < len(kept) and kept[index].start < match.end:
            continue
        starts.insert(index, match.start)
        kept.insert(index, match)
    return kept


# Most specific first: where two kinds overlap, the earlier detector's match is kept (an
# NHS number is not also a phone; an SSN is not also a record number).
PHI_DETECTORS: tuple[Callable[[str], list[Match]], ...] = (
    find_ssns,
    find_nhs_numbers,
    find_emails,
    find_dates_of_birth,
    find_insurance_ids,
    find_record_numbers,
    find_insurance_shaped_ids,
    find_phones,
    find_addresses,
    find_names_with_facility,
)


def find_phi(text: str) -> list[Match]:
    """Every PHI match in ``text``, by kind, the more specific kind kept where two overlap."""
    return _without_overlaps(match for detector in PHI_DETECTORS for match in detector(text))
