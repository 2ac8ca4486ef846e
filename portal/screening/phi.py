"""Personal health information (PHI) by kind: each detector returns the matches of one kind
with their spans, and ``find_phi`` keeps the most specific kind where two overlap.

Every detector runs in time linear in the text: the regular expressions below either start
at a specific word or digit and scan a bounded distance, or are anchored at a position with
a bounded ``endpos``; the parsers (``phonenumbers``, ``usaddress``) only see short candidate
windows that a cheap pattern found first.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
import usaddress
from phonenumbers import Leniency, PhoneNumberMatcher
from rapidfuzz.distance import OSA

from portal.screening.dates import BIRTH_DATE, DATE, DATE_OR_TIME_NUMBER, DAY, SHORT_DATE
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


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _matches(kind: str, text: str, spans: Iterable[tuple[int, int]]) -> list[Match]:
    return [Match(kind, start, end, text[start:end]) for start, end in spans]


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


@functools.lru_cache(maxsize=4)
def _lowered(text: str) -> str:
    """``text`` in lower case, character for character (spans stay valid). Keyword patterns
    run on it without re.IGNORECASE and without a leading ``\\b``: both stop Python's
    regular-expression engine from skipping ahead to a possible first character, which
    made each keyword scan about five times slower."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


@dataclass(frozen=True)
class _Keywords:
    """A lower-case pattern whose every alternative begins with one of ``literals``."""

    pattern: re.Pattern
    literals: tuple[str, ...]


def _keywords(pattern: str, literals: str) -> _Keywords:
    return _Keywords(re.compile(pattern), tuple(literals.split("|")))


def _words(
    keywords: _Keywords, text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match]:
    """Matches of ``keywords`` in ``text`` that begin a word. ``str.find`` skips ahead to
    each literal in C; the pattern is then matched there only (a regular expression with
    many alternatives would try every position of the text)."""
    lowered = _lowered(text)
    end = len(lowered) if end is None else end
    positions = set()
    for literal in keywords.literals:
        position = lowered.find(literal, start, end)
        while position >= 0:
            positions.add(position)
            position = lowered.find(literal, position + 1, end)
    reached = start
    for position in sorted(positions):
        before = lowered[position - 1] if position else " "
        if position < reached or before.isalnum() or before == "_":
            continue
        match = keywords.pattern.match(lowered, position, end)
        if match:
            reached = match.end()
            yield match


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
# Markers written to dodge a pattern, folded into one token: "(at)", "[dot]", "{at}",
# "(a)", "[.]", "[@]", and "-at-", "_dot_", "*at*" between two words.
# Each pattern starts with a character class or is found by its literal first, so the engine
# skips ahead instead of trying every position.
_BRACKETED = re.compile(r"[\[({<]\s{0,3}(?P<word>at|dot|arroba|punto|a|\.|@)\s{0,3}[\])}>]", re.I)
# Between two words, the same joiner on both sides: "dana-at-example", "rosa + at + x".
_JOINED = re.compile(r"([-_*+~])\s?(?P<word>at|dot|d0t|arroba|punto)\s?\1", re.I)
# Spoken: "then the at sign then", "at symbol".
_SPOKEN = _keywords(
    r"(?P<word>at)[\s-]?(?:sign|symbol)\b(?:\s+then\b)?", "at sign|at-sign|at symbol|atsign"
)
_SPOKEN_BEFORE = re.compile(r"(?:\bthen\s+)?(?:\bthe\s+)?$", re.I)


def _explicit_markers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "@" or ".") of every marker written to dodge a pattern, in text order."""
    found = [(m.start(), m.end(), m.group("word")) for m in _BRACKETED.finditer(text)]
    for m in _JOINED.finditer(text):
        start, end = m.start(), m.end()
        if start and text[start - 1] == " ":
            start -= 1
        if end < len(text) and text[end] == " ":
            end += 1
        if (
            start > 0
            and end < len(text)
            and _is_word_char(text[start - 1])
            and _is_word_char(text[end])
        ):
            found.append((start, end, m.group("word")))
    for m in _words(_SPOKEN, text):
        before = _SPOKEN_BEFORE.search(text, max(0, m.start() - 12), m.start())
        found.append((before.start() if before else m.start(), m.end(), "at"))
    markers = []
    for start, end, word in sorted(found):
        if markers and start < markers[-1][1]:
            continue
        markers.append((start, end, "@" if word.lower() in {"at", "arroba", "a", "@"} else "."))
    return markers


def _is_word_char(char: str) -> bool:
    return char.isalnum()


_DOT_WORD = _keywords(
    r"(?:dot|d0t|punto|period)(?:com|org|net|edu|gov|co)?\b", "dot|d0t|punto|period"
)
_DOT_WORDS = frozenset({"dot", "d0t", "punto", "period"})
_AT_WORDS = frozenset({"at", "arroba"})
_FULLWIDTH_AT = (
    "\uff20"  # the fullwidth at sign, typed on phones with an Asian keyboard or to dodge filters
)
_AT_WORD = _keywords(r"(?:at|arroba)\b", "at|arroba")
# After a bare word "at": a domain label then a dot of any form ("at example.org", "at
# example dot org", "at example [.] org"). Anchored at the "at", so linear.
_DOMAIN_AFTER_AT = re.compile(
    r"\s{1,3}(?:[^\W_][\w-]{0,62}\s{0,3}(?:\.\s{0,3}[^\W_]|[\[({<]\s{0,3}(?:dot|\.)|"
    r"(?:dot|d0t|punto|period)(?:com|org|net|edu|gov|co)?\b)|"
    r"(?:gmail|googlemail|hotmail|yahoo|ymail|outlook|icloud|aol|protonmail|btinternet)\b)"
)
_BARE_AT, _AT_SIGN = "at", "@"
_EMAIL_REACH = 80  # characters around an "at" marker read for its local part and domain
_MAX_AT_MARKERS = 200  # a post with more is spam, and is held for the first email anyway
_TLDS = _word_set(
    "com org net edu gov mil int io co uk us ca au ie nz de fr es it nl info biz me nhs "
    "ac health care email mail online mx ar cl pe br eu ch be se no dk fi pl pt tv xyz app "
    "dev pro name ltd plc sch"
)
# Mailbox providers: "marco at gmail.com" is an address even with a one-word local part.
_MAIL_PROVIDERS = _word_set(
    "gmail googlemail yahoo ymail hotmail outlook live msn icloud me mac aol proton "
    "protonmail btinternet sky virginmedia talktalk comcast verizon att example mail gmx"
)
# Words that end a sentence like "find us at example dot org": not a mailbox.
_NOT_LOCAL = _word_set(
    "us me them him her it was is are be been at online here there look find visit "
    "website site page go went see read and or more out up also only even "
    "stayed stay met meet live lives lived work works worked"
)
_JOINERS = frozenset("_-+")


def _tokens(
    text: str, start: int, end: int, markers: list[tuple[int, int, str]]
) -> list[tuple[str, int, int]]:
    """(folded token, start, end): explicit markers ("(at)", "-dot-") become one token "@!"
    or ".!" ("!": explicit)."""
    found: list[tuple[str, int, int]] = []
    position = start
    first = bisect.bisect_left(markers, (start, -1, ""))
    for marker_start, marker_end, marker in markers[first:]:
        if marker_end > end:
            break
        found.extend(_plain_tokens(text, position, marker_start))
        found.append((marker + "!", marker_start, marker_end))
        position = marker_end
    found.extend(_plain_tokens(text, position, end))
    return found


def _plain_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    found = []
    for m in _TOKEN.finditer(text, start, end):
        token = m.group().casefold()
        if token[:3] == "dot" and token[3:] in _TLDS:  # "example dotcom": a dot, then "com"
            found.extend([("dot", m.start(), m.start() + 3), (token[3:], m.start() + 3, m.end())])
        else:
            found.append((token, m.start(), m.end()))
    return found


def _joined_letters(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Letters spaced out one by one ("h a r r i e t") joined back into one token."""
    joined: list[tuple[str, int, int]] = []
    for token, start, end in tokens:
        if joined and len(token) == 1 and token.isalnum() and start == joined[-1][2] + 1:
            previous, first, _ = joined[-1]
            if len(previous) >= 1 and previous.isalnum() and end - first == 2 * len(previous) + 1:
                joined[-1] = (previous + token, first, end)
                continue
        joined.append((token, start, end))
    return joined


def _is_at(token: str) -> bool:
    return token in {"@", "@!", _FULLWIDTH_AT} or token in _AT_WORDS


def _is_dot(token: str) -> bool:
    return token in {".", ".!"} or token in _DOT_WORDS


def _is_label(token: str) -> bool:
    return token[0].isalnum() and token not in _AT_WORDS and token not in _DOT_WORDS


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
    if last is None and tokens[index][0] in _BARE_PROVIDERS:
        return index, True  # "dana at gmail": the provider says it all
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
    is not an email. Only the stretches around "at" markers are tokenised; in them each
    "at" walks forward to the next marker at most, and back no further than the previous
    match."""
    markers = [m.start() for m in re.finditer("[@\uff20]", text)]
    explicit = _explicit_markers(text)
    markers.extend(start for start, _, _ in explicit)
    dots = [m.start() for m in _words(_DOT_WORD, text)]
    lowered = _lowered(text)
    for at in _words(_AT_WORD, text):
        following = bisect.bisect_right(dots, at.start())
        near_dot = following < len(dots) and dots[following] - at.start() <= _EMAIL_REACH
        if near_dot or at.group() == "arroba" or _DOMAIN_AFTER_AT.match(lowered, at.end()):
            markers.append(at.start())
    found: list[Match] = []
    for start, end in _windows(sorted(markers)[:_MAX_AT_MARKERS], _EMAIL_REACH, len(text)):
        found.extend(_obfuscated_emails_in(text, start, end, explicit))
    return found


# Mail providers written without their ending ("dana at gmail"); with "@" also the reserved
# documentation domain that demo and test posts use ("dana@example").
_BARE_PROVIDERS = _word_set(
    "gmail googlemail hotmail yahoo ymail outlook icloud aol protonmail btinternet"
)


def _undotted_domain(tokens: list[tuple[str, int, int]], index: int) -> tuple[int, bool] | None:
    return (index, True) if tokens[index][0] in _BARE_PROVIDERS | {"example"} else None


def _obfuscated_emails_in(
    text: str, start: int, end: int, explicit: list[tuple[int, int, str]]
) -> list[Match]:
    tokens = _joined_letters(_tokens(text, start, end, explicit))
    found: list[Match] = []
    floor = 0
    for index, (token, _start, _end) in enumerate(tokens):
        if not _is_at(token) or index < floor:
            continue
        domain = _domain_end(tokens, index + 1)
        if domain is None and token in {"@", _FULLWIDTH_AT} and index + 1 < len(tokens):
            domain = _undotted_domain(tokens, index + 1)
        local = _local_start(tokens, index - 1, floor)
        if domain is None or local is None:
            continue
        last, obfuscated_dot = domain
        if token == _BARE_AT and not _bare_at_mailbox(tokens, local, index, obfuscated_dot):
            continue
        begin, finish = tokens[local][1], tokens[last][2]
        if token == _AT_SIGN and not obfuscated_dot and " " not in text[begin:finish]:
            continue  # a plain email: find_plain_emails has it
        found.append(Match("email", begin, finish, text[begin:finish]))
        floor = last + 1
    return found


# An organisation's mailbox ("enquiries@...", "painclinic at example dot org") is public,
# like a helpline's number: not a person's.
_ROLE_STARTS = (
    "info",
    "enquir",
    "inquir",
    "admin",
    "contact",
    "office",
    "appointment",
    "booking",
    "reception",
    "support",
    "help",
    "hello",
    "team",
    "noreply",
    "citas",
    "secretar",
    "general",
    "pharmacy",
    "referral",
    "pals",
    "feedback",
    "webmaster",
    "consultas",
)
_ROLE_ENDS = (
    "clinic",
    "unit",
    "team",
    "office",
    "desk",
    "centre",
    "center",
    "surgery",
    "pharmacy",
    "enquiries",
    "bookings",
    "appointments",
    "admin",
)
_LOCAL_PART = re.compile(r"@|\b(?:at|arroba)\b|[\[({<]\s{0,3}(?:at|a|@)\s{0,3}[\])}>]", re.I)


def _is_role_mailbox(email: str) -> bool:
    """An organisation's mailbox ("enquiries@...", "painclinic at example dot org") is
    public, like a helpline's number: not a person's."""
    local = _LOCAL_PART.split(email, maxsplit=1)[0].casefold()
    parts = [part for part in re.split(r"[\W\d_]+", local) if part]
    return any(part.startswith(_ROLE_STARTS) or part.endswith(_ROLE_ENDS) for part in parts)


def _bare_at_mailbox(
    tokens: list[tuple[str, int, int]], local: int, at: int, obfuscated_dot: bool
) -> bool:
    """A bare word "at" is a mailbox's only with a mailbox-like local part: not a common
    word; and with a plain dot ("dana_w at example.org"), a local part with a joiner or a
    digit, or a mail provider's domain ("marco at gmail.com")."""
    if tokens[at - 1][0] in _NOT_LOCAL:
        return False
    joined = local < at - 1 or any(char.isdigit() for char in tokens[local][0])
    if not joined and local > 0 and tokens[local - 1][0] in _DETERMINERS:
        return False  # "the nurses at example.org", "your MP at parliament.uk": a noun
    if obfuscated_dot or joined or tokens[at + 1][0] in _MAIL_PROVIDERS:
        return True
    before = tokens[local - 4 : local] if local >= 4 else tokens[:local]
    return any(token in _EMAIL_CONTEXT for token, _, _ in before)  # "email me: dana at x.org"


_DETERMINERS = _word_set("the a an your our my his her their this that these those some any")
_EMAIL_CONTEXT = _word_set(
    "email e mail emails emailing write correo escr\u00edbeme escribeme address addy inbox"
)


# "my gmail is danawhitfield1961": a provider named, then a handle with a digit, dot or "_".
_PROVIDER_HANDLE = _keywords(
    r"(?:gmail|hotmail|yahoo|outlook|icloud|aol|proton(?:mail)?)(?: address| account| email)?"
    r"(?:\s+is|\s*:)\s+(?P<handle>[a-z\d][\w.]{1,40}[a-z\d])\b",
    "gmail|hotmail|yahoo|outlook|icloud|aol|proton",
)


def find_provider_handles(text: str) -> list[Match]:
    spans = [
        m.span("handle")
        for m in _words(_PROVIDER_HANDLE, text)
        if any(char.isdigit() or char in "._" for char in m.group("handle"))
    ]
    return _matches("email", text, spans)


def find_emails(text: str) -> list[Match]:
    """Plain emails, then the obfuscated ones they do not overlap; an organisation's
    mailbox is left out."""
    found = _merge(
        find_plain_emails(text), find_obfuscated_emails(text), find_provider_handles(text)
    )
    return [match for match in found if not _is_role_mailbox(match.text)]


# --- Identifiers with context: SSN, NHS number, record numbers, insurance IDs --------------

# 9xx numbers are ITINs (taxpayer numbers), identifiers just the same: not excluded.
# Digit-led patterns start "\d(?<!\w\d)": a digit not preceded by a word character, with the
# digit first so the engine can skip to digits (a leading "\b" or lookbehind cannot).
_SSN = re.compile(r"\d(?<!\w\d)(?<!000)\d\d([- ])(?!00)\d{2}\1(?!0000)\d{4}\b")
_SSN_CONTEXT = _keywords(
    r"(?:ssn|ss ?#|ss number|social(?: secu\w*)?(?: number| no\.?| #)?|seguro social)(?!\w)",
    "ssn|ss|social|seguro social",
)
# The value after a label: up to four letters, then digits with inner separators.
_VALUE = re.compile(
    r"(?:[\s:#=\-(]|['\u2019]s\b|\b(?:is|es|el|was|of|de|del|number|no|num|id|card|n[uú]mero|"
    r"reads|says)\b\.?)*"
    # A few words before "is" or a colon: "patient ID at the cancer centre is CC/2209/4417".
    r"(?:(?:(?:[a-z'\u2019]+\s+){1,4}?(?:is|was|es)\b|(?:[a-z'\u2019]+\s+){0,3}[a-z'\u2019]+:)\s*)?"
    # Letters may lead or sit inside ("K1234567", "9F3K22817", "55-2190-A"); a space only
    # before a digit ("0045 1234"), so the words after the value are not taken.
    # A letter prefix is in capitals ("PX 66 2013"), or lower case joined to the digits
    # ("k1234567"): "insurance paid 1200" has no value.
    r"(?P<value>(?:(?-i:[A-Z]{1,4})[\s\-/.]?|[a-z]{1,4}(?=\d))?\d(?:[\dA-Z]|[\-/](?=[\dA-Z])|\s(?=\d))*)",
    re.I,
)
_VALUE_REACH = 32  # characters between a label and its value, at most


# Values that are years, year ranges, or four-digit counts and amounts ("record number of
# 1500 people", "Medicare 2026 changes", "policy 2025-26"): not identifiers.
_NOT_AN_IDENTIFIER = re.compile(r"(?:19|20)\d\d(?:[-/](?:\d\d|(?:19|20)\d\d))?|[1-9]\d{3}")
_COUNTED_AFTER = re.compile(
    r"\s*(?:people|patients|members|times|miles|km|steps|calories|pounds|dollars|euros|"
    r"%|mg|units|a (?:month|year|week)|per)\b",
    re.I,
)


def _value_after(text: str, position: int) -> tuple[int, int] | None:
    match = _VALUE.match(text, position, min(len(text), position + _VALUE_REACH + 24))
    if match is None or match.start("value") - position > _VALUE_REACH:
        return None
    value = match.group("value").rstrip()
    if _NOT_AN_IDENTIFIER.fullmatch(value) or _COUNTED_AFTER.match(text, match.end("value")):
        return None
    return match.span("value")


def find_ssns(text: str) -> list[Match]:
    """Social Security numbers written 3-2-4, or nine digits after an SSN label."""
    spans = [m.span() for m in _SSN.finditer(text)]
    for label in _words(_SSN_CONTEXT, text):
        value = _value_after(text, label.end())
        if value and len(_digits(text[value[0] : value[1]])) == 9:
            spans.append((label.start(), value[1]))
    return _merge(_matches("ssn", text, spans))


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check: weights 10..2 on the first nine digits; 11 - the
    remainder is the tenth digit (11 counts as 0; 10 means the number is never issued)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[9])


_TEN_DIGITS = re.compile(r"\d(?<![\d\-]\d)\d\d([ \-]?)\d{3}\1\d{4}(?![\d\-]|\.\d)")
_NHS_CONTEXT = re.compile(r"\bnhs\b", re.I)
_PHONE_WORDS = re.compile(
    r"\b(?:call|ring|phone|mobile|cell|tel|text|whatsapp|landline|line|ext|extension|reach|"
    r"contact|digits|"
    r"hmu|hit me up|ll[aá]m[ae](?:me)?|llamar|tel[eé]fono|m[oó]vil|celular|cel|"
    r"escr[ií]beme|n[uú]mero)\b",
    re.I,
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
        # The NHS prints "943 476 5919"; 3-3-4 with dashes is how Americans write phones.
        grouped_not_phone = match.group(1) == " " and not _PHONE_WORDS.search(before)
        if _NHS_CONTEXT.search(before) or grouped_not_phone:
            spans.append(match.span())
    return _matches("nhs_number", text, spans)


_NO = r"(?:number|num|no\.?|#|id)"
_RECORD_LABEL = _keywords(
    r"(?:mrn|m\.r\.n\.?|mr ?#|medical records?(?: "
    + _NO
    + r")?|med\.? ?recs?\.?(?: "
    + _NO
    + r")?|"
    r"record (?:number|no\.?|#)|patient (?:identifier|id|number|no\.?|#|ref)|"
    r"hosp(?:ital)?\.? (?:number|no\.?|#|id)|hospital no['\u2019]s|"
    r"(?:wrist ?|arm ?|id )?band (?:number|no\.?|#|id)|wrist ?band|clinic (?:number|no\.?|#|id)|"
    r"k[- ]?(?:number|no\.?)|"
    r"historia cl[ií]nica|expediente|n[uú]mero de (?:paciente|expediente|historia(?: cl[ií]nica)?)|"
    r"id de paciente|chart (?:number|no\.?|#|id)|case (?:number|no\.?|#)|unit (?:number|no\.?)|"
    r"crn|chi (?:number|no\.?)|nhs (?:number|no\.?|#)|"
    # A care setting, then a number, reference or ID word: "hospital reg number",
    # "cardiology ref", "trial ID", "EHR number", "number on my hospital bracelet".
    r"(?:hospital|hosp|clinic|patient|medical|oncology|cardiology|renal|diabetes|nhs|gp|"
    r"trial|study|ehr|emr|portal|file|record|nhc)\.?\s+(?:reg(?:istration)?\.?\s+)?"
    r"(?:number|no\.?|num|#|id|ref(?:erence)?)|"
    r"(?:hospital|wrist|patient)\s?(?:bracelet|band|card)|nº de historia(?: cl[ií]nica)?|"
    r"id ?#|id (?:number|no\.?)|nhc|nhs)(?![a-z])",
    "mrn|m.r.n|mr|medical record|med|record|patient|hosp|wrist|arm|id band|band|clinic|k|"
    "historia|expediente|número|numero|id de|chart|case|unit|crn|chi|nhs|oncology|"
    "cardiology|renal|diabetes|gp|trial|study|ehr|emr|portal|file|nº|nhc|id",
)


def find_record_numbers(text: str) -> list[Match]:
    """A value with at least four digits after a medical-record, hospital or patient label.
    A number after "NHS number" that fails the NHS check lands here: the member meant an
    identifier even if a digit is wrong."""
    spans = []
    for label in _words(_RECORD_LABEL, text):
        value = _value_after(text, label.end())
        if value and len(_digits(text[value[0] : value[1]])) >= 4:
            if _UK_PHONE_SHAPE.fullmatch(text[value[0] : value[1]]):
                continue  # "the hospital number is 0161 496 0000": its phone (see phones)
            spans.append((label.start(), value[1]))
    return _merge(_matches("record_number", text, spans))


# A UK landline or mobile as written: "0161 496 0000", "07700 900123".
_UK_PHONE_SHAPE = re.compile(r"0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}")


_INSURANCE_LABEL = _keywords(
    r"(?:(?:member|membership|memebr|memeber|membr|mem|subscriber|subscirber|policy|polcy|group|"
    r"plan|insurance|insurence|insurer|ins\.?|medicaid|medicare|beneficiary|claim)\s*"
    r"(?:id|identification|number|no\.?|num|#)|"
    r"(?:id|n[uú]mero|no\.?) de (?:miembro|afiliado|afiliaci[oó]n|socio|seguro|p[oó]liza)|"
    r"(?:cigna|aetna|bcbs|blue cross(?: blue shield)?|anthem|humana|united ?healthcare|"
    r"kaiser|tricare|bupa|axa|vitality|medicaid|medicare|medi-cal(?: bic)?|insurance|policy|"
    r"p[oó]liza|"
    r"aseguradora|afiliado|seguro m[eé]dico)\b)",
    "member|memebr|memeber|membr|subscriber|subscirber|policy|polcy|group|plan|insurance|"
    "insurence|insurer|ins|id de|número de|numero de|no de|no. de|medicaid|medicare|beneficiary|"
    "claim|cigna|aetna|bcbs|blue cross|anthem|humana|united|kaiser|tricare|bupa|axa|medi-cal|"
    "mem|"
    "vitality|póliza|poliza|aseguradora|afiliado|seguro",
)
# With no label: two to four capitals then six to twelve digits ("XYZ123456789").
_INSURANCE_SHAPE = re.compile(r"\b[A-Z]{2,4}[\-\s]?\d{6,12}\b")
_LONG_DIGITS = re.compile(r"\d(?<!\d\d)\d{5,11}\b")
# Medicare beneficiary identifier: 11 characters in a fixed letter/digit pattern.
_MBI = re.compile(
    r"[1-9](?<!\w[1-9])[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d[-\s]?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d"
    r"[-\s]?[AC-HJKMNP-RT-Y]{2}\d{2}\b"
)
# Unlabelled codes that are not a person's: lot and batch numbers, forms, orders, parcels.
_NOT_MEMBER_ID_BEFORE = re.compile(
    r"\b(?:lot|batch|exp|expiry|serial|model|order|tracking|ref|reference|invoice|flight|"
    r"form|sku|part|product|barcode|code|lote)\b[\s:#.]*(?:number|no\.?|num)?[\s:#.]*$",
    re.I,
)


def find_insurance_ids(text: str) -> list[Match]:
    """Member, policy and group IDs: a value with at least four digits after an insurance
    label."""
    spans = []
    for label in _words(_INSURANCE_LABEL, text):
        value = _value_after(text, label.end())
        if value and len(_digits(text[value[0] : value[1]])) >= 4:
            spans.append((label.start(), value[1]))
    return _merge(_matches("insurance_id", text, spans))


def find_insurance_shaped_ids(text: str) -> list[Match]:
    """IDs shaped like a member ID with no label (a letter prefix then digits; a Medicare
    MBI). After the labelled kinds: "MRN AB123456" is a record number."""
    spans = [
        (start, end)
        for start, end in _ending_at(_INSURANCE_SHAPE, text, _LONG_DIGITS, 18)
        if not _NOT_MEMBER_ID_BEFORE.search(text, max(0, start - 24), start)
    ]
    spans.extend(m.span() for m in _MBI.finditer(text))
    return _merge(_matches("insurance_id", text, spans))


# --- Dates of birth ------------------------------------------------------------------

_BIRTH_LABEL = _keywords(
    r"(?:dob|d\.o\.b\b\.?|date of birth|birth ?date|birthdays?|b-?days?|born(?:ed)?|"
    r"b\.(?=\s{0,3}\d)|turn(?:ed|s|ing)? \d{1,3}(?: years? old)? on|"
    r"fecha de nac(?:imiento|\.)?|nacimiento|nac(?:[ií]|i[óo]|id[oa]s?|ieron)|cumpleaños|"
    r"f\.?\s?nac\.?|came into (?:the|this) world|arrived in (?:the|this) world|"
    # After a date only: "a May 12th 1958 baby".
    r"(?P<suffix>baby))(?!\w)",
    "dob|d.o.b|date of birth|birth|bday|b-day|born|b.|turn|fecha|nac|cumplea|f.nac|f nac|"
    "fnac|f. nac|came into|arrived in|baby",
)
_BIRTH_GAP = 24  # characters between a birth label and its date, at most
_DATE_LENGTH = 72  # the longest date in words ("the twenty-first of September nineteen ...")
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")


def find_dates_of_birth(text: str) -> list[Match]:
    """A date (day and month at least) just after a birth label ("DOB 3/3/61", "born on the
    third of March 1961", "nací el 5 de mayo de 1970") or just before one ("12/05/1958 is
    my birthday"). A date alone, or a birth year alone, is not a date of birth. Dates are
    only looked for in the short windows next to a label."""
    spans = []
    for label in _words(_BIRTH_LABEL, text):
        end = min(len(text), label.end() + _BIRTH_GAP + _DATE_LENGTH)
        after = BIRTH_DATE.search(text, label.end(), end) or _fuzzy_month_date(
            text, label.end(), end
        )
        if label.group("suffix"):
            after = None
        if label.group().startswith("turn") and not _PERSON_BEFORE.search(
            text, max(0, label.start() - 20), label.start()
        ):
            continue  # "the NHS turned 75 on 5 July": an anniversary, not a birthday
        if after and _close(text, label.end(), after.start(), _BIRTH_GAP):
            spans.append((label.start(), after.end()))
            continue
        window = max(0, label.start() - 16 - _DATE_LENGTH)
        before = list(DATE.finditer(text, window, label.start()))
        if before and _close(text, before[-1].end(), label.start(), 16):
            spans.append((before[-1].start(), label.end()))
    return _merge(_matches("date_of_birth", text, spans))


def _close(text: str, start: int, end: int, reach: int) -> bool:
    return (
        0 <= end - start <= reach
        and not _SENTENCE_END.search(text, start, end)
        and not _NOT_BIRTH_BETWEEN.search(text, start, end)
    )


_PERSON_BEFORE = re.compile(
    r"\b(?:i|he|she|we|you|they|mum|mom|dad|son|daughter|wife|husband|nan|gran|grandma|"
    r"grandad|grandpa|brother|sister|baby|kid)\b(?:\s+(?:just|finally|only))?\s+$"
    r"|\A\s*$|[.!?\n]\s*$",  # a sentence that starts "Turned 71 on ...": the poster's
    re.I,
)
# Words between a birth label and a date that make the date another event's.
_NOT_BIRTH_BETWEEN = re.compile(r"\b(?:since|until|till|after|before|diagnosed)\b", re.I)
# A day then a word, or a word then a day: the word may be a month however misspelt.
_DAY_AND_WORD = re.compile(
    r"\b(?:the\s+)?(?P<day>" + DAY + r")\s+(?:of\s+)?(?P<after>[a-z]{3,11})\b"
    r"(?:,?\s+(?:(?:19|20)\d{2}|['\u2019]?\d{2})\b)?"
    r"|\b(?P<before>[a-z]{3,11})\s+(?:the\s+)?" + DAY + r"\b(?:,?\s+(?:19|20)\d{2}\b)?",
    re.I,
)
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _is_misspelt_month(word: str) -> bool:
    """One edit or swap from a month name (two for long names): "Feburay", "Novmeber"."""
    word = word.casefold()
    return any(
        OSA.distance(word, month, score_cutoff=2 if len(month) >= 7 else 1)
        <= (2 if len(month) >= 7 else 1)
        for month in _MONTH_NAMES
        if abs(len(month) - len(word)) <= 2
    )


def _fuzzy_month_date(text: str, start: int, end: int) -> re.Match | None:
    """A date with a misspelt month, in the short window after a birth label only."""
    for match in _DAY_AND_WORD.finditer(text, start, end):
        if _is_misspelt_month(match.group("after") or match.group("before")):
            return match
    return None


# --- Phone numbers ------------------------------------------------------------------

# A run of digits with the separators people type: a cheap filter before phonenumbers.
_DIGIT_RUN = re.compile(
    r"[+(\d](?<![\w/:$£€.,][+(\d])(?:(?<=\+)\(?\d|(?<=\()\d|(?<=\d))"
    r"(?:[ \t.\-()/_~*|]{0,4}\d)*(?![\w/%])"
)
_NOT_A_PHONE_AFTER = re.compile(
    r"\s*(?:mg|mcg|µg|ml|units?|iu|%|kg|lbs?|mmhg|bpm|mmol|mg/dl|g|cm|mm|steps|calories|"
    r"kcal|am|pm|hrs?|hours?|mins?|minutes?|times|x\b(?!\s*\d)|/|tablets?|pills?|"
    r"capsules?|puffs?|doses?|days?|weeks?|months?|years?)",
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


_POSSIBLE = frozenset(
    {
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    }
)


@functools.lru_cache(maxsize=1024)
def _possible_phone(candidate: str, *, local_ok: bool) -> tuple[int, int] | None:
    """Where ``phonenumbers`` finds a possible US or UK number in ``candidate``.

    Leniency POSSIBLE, not VALID: the numbers members and synthetic posts use are often
    outside assigned ranges (US 555 numbers, Ofcom's 07700 900xxx drama range) yet still
    someone's number as typed; the context rules around this call keep readings, dates
    and public numbers out."""
    for region in ("US", "GB"):
        for match in PhoneNumberMatcher(candidate, region, leniency=Leniency.POSSIBLE):
            if len(_digits(match.raw_string)) == len(_digits(candidate)):
                return match.start, match.end
            break  # part of the run only: the whole run is tried below
    digits = _digits(candidate)
    if candidate.lstrip().startswith("+"):
        digits = "+" + digits
    for region in ("US", "GB"):  # separators the matcher does not expect ("555~0154")
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == phonenumbers.ValidationResult.IS_POSSIBLE or (
            local_ok and reason in _POSSIBLE
        ):
            return 0, len(candidate)
    return None


def _phone_span(text: str, run: re.Match, floor: int) -> tuple[int, int] | None:
    candidate = run.group()
    digits = _digits(candidate)
    if "/" in candidate and re.search(r"\d\d", candidate):
        return None  # slashes between numbers: readings (128/82), dates, fractions
    if not 7 <= len(digits) <= 15 or DATE_OR_TIME_NUMBER.fullmatch(candidate.strip("()")):
        return None
    if _NOT_A_PHONE_AFTER.match(text, run.end()) or _PUBLIC_NUMBER.fullmatch(digits):
        return None
    if digits in "0123456789" or digits in "9876543210":
        return None  # counting: "1 2 3 4 5 6 7"
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
    found = _possible_phone(candidate, local_ok=phone_context)
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
    "cero": "0",
    "uno": "1",
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
}
_SPELLED_HINT = _keywords(
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve|double|triple)\b",
    "zero|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|"
    "seis|siete|ocho|nueve|double|triple",
)
_SPELLED_REACH = 12  # characters between two digit words of one number, at most
_FUZZY_DIGIT_WORDS = tuple(word for word in _SPELLED if len(word) >= 4)


def _digit_word(token: str, in_run: bool) -> str | None:
    """The digit a word spells; inside a run, a word of four or more letters one edit (or
    one swap) away from a digit word counts too ("fiev", "sevn")."""
    if token in _SPELLED:
        return None if token in {"o", "oh"} and not in_run else _SPELLED[token]
    if in_run and len(token) >= 4 and token.isalpha():
        for word in _FUZZY_DIGIT_WORDS:
            if OSA.distance(token, word, score_cutoff=1) <= 1:
                return _SPELLED[word]
    return None


_SPELLED_SEPARATORS = frozenset("-.,/()\u2013\u2014")
_REPEATS = {"double": 2, "triple": 3}


def find_spelled_phones(text: str) -> list[Match]:
    """Phone numbers in words ("five five five oh one two three four"), digits and words
    mixed, "double"/"triple" repeating the next digit: a run of ten or more digits (seven
    after a phone word) with at least three written as words (one after a phone word).
    Only the stretches where two digit words stand close together are tokenised."""
    spans: list[tuple[int, int]] = []
    for start, end in _spelled_windows(text):
        spans.extend(_spelled_runs(text, start, end))
    return _matches("phone", text, spans)


def _spelled_windows(text: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    previous = None
    for hint in _words(_SPELLED_HINT, text):
        if hint.group() in _REPEATS:  # "0 double 1 9": a dictated number on its own
            previous = hint
        if previous is not None and hint.start() - previous.end() <= _SPELLED_REACH:
            start = max(0, previous.start() - 24)
            end = min(len(text), hint.end() + 48)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        previous = hint
    return windows


def _spelled_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    run: list[tuple[str, int, int]] = []  # (digits, start, end)
    repeat, repeat_start = 1, None
    tokens = [*_plain_tokens(text, start, end), ("", end, end)]
    for index, (token, begin, finish) in enumerate(tokens):
        if token in _REPEATS:
            repeat, repeat_start = _REPEATS[token], begin
            continue
        if token == "hundred" and run:  # noqa: S105  # "nine hundred": 900
            run.append(("00", begin, finish))
            continue
        # "oh" opens a number only before another digit ("oh seven seven ...").
        opens = not run and token in {"oh", "o"} and _digit_word(tokens[index + 1][0], True)
        digits = token if token.isdigit() else _digit_word(token, bool(run) or bool(opens))
        if digits:  # "double 1" spans both words, and counts as written in words
            run.append((digits * repeat, begin if repeat == 1 else repeat_start, finish))
            repeat = 1
            continue
        if token in _SPELLED_SEPARATORS and run:
            continue
        spans.extend(_spelled_run_span(text, run))
        run, repeat = [], 1
    return spans


def _spelled_run_span(text: str, run: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    if not run:
        return []
    digits = "".join(part for part, _, _ in run)
    words = sum(not text[start:end].isdigit() for _, start, end in run)
    before = _context_before(text, run[0][1], 0)
    after = text[run[-1][2] : run[-1][2] + _CONTEXT_REACH]  # "..., ring me if you want"
    phone_context = bool(
        _PHONE_WORDS.search(before) or _MY_NUMBER.search(before) or _PHONE_WORDS.search(after)
    )
    enough = (words >= 3 and len(digits) >= 10) or (
        phone_context and words >= 1 and len(digits) >= 7
    )
    if enough and len(digits) <= 13:
        return [(run[0][1], run[-1][2])]
    return []


def find_phones(text: str) -> list[Match]:
    return _merge(find_digit_phones(text), find_spelled_phones(text))


# --- Addresses ------------------------------------------------------------------------

_STREET_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|terr?|close|crescent|cres|parkway|pkwy|highway|hwy|circle|cir|square|sq|"
    r"trail|trl|gardens|grove|mews|row|walk|rise|hill|view|green|loop|pike|plaza|"
    r"broadway|wynd|gate|esplanade|parade|drove|"
    # Common misspellings in members' posts.
    r"cresent|crescant|steet|stret|streat|raod|avenu|avenew|avenue|drvie|lnae)"
)
# A house number, up to three name words, a street suffix: the cheap pre-filter.
_STREET = re.compile(
    r"\d(?<!\w\d)\d{0,4}[a-z]?(?:-\d{1,4})?,?\s+(?:[a-z][\w'\u2019.\-]*\s+){1,3}?"
    + _STREET_SUFFIX
    + r"\b\.?"
)
_NOT_STREET_WORDS = _word_set(
    "the a an to of and or in on at from for with per my your our his her their this that "
    "down up over across into more less times time days day weeks week months month years "
    "year hours hour minutes minute mins miles mile km kilometres kilometers metres meters "
    "blocks block floors floor doors door steps step people kids children pills tablets mg "
    "units doses dose laps lap flights flight stairs rounds round sessions session visits "
    "cups cup glasses bottles ago left right away just only about around"
)
# Spanish-style street names put the type first ("312 Calle Almendro").
_CALLE = re.compile(
    r"\d(?<!\w\d)\d{0,4}[A-Za-z]?,?\s+(?:calle|avenida|avda|camino|paseo|carrera|carretera|rue)\.?\s+"
    r"(?:de\s+(?:la\s+|los\s+|las\s+)?)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ'\u2019\-]*",
    re.I,
)
_CALLE_WORDS = ("calle", "avenida", "avda", "camino", "paseo", "carrera", "carretera", "rue")
_OCCUPANCY = _keywords(
    r"(?:apt|apartment|apartamento|apto|suite|ste)\.?\s{0,3}#?\s{0,3}\d{1,5}[a-z]?\b"
    r"|p\.?\s?o\.?\s{0,3}box\s{1,3}\d{1,6}\b",
    "apt|apartment|apartamento|apto|suite|ste|p.o|po|p o",
)
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_CITY_STATE_ZIP = re.compile(
    r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s{1,3}(?:" + _US_STATES.replace(" ", "|") + r")\s{1,3}"
    r"\d{5}(?:-\d{4})?\b"
)
# UK postcode grammar (outward code, space, inward code), capitals as written on post.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|[A-HK-Y]\d[ABEHMNPRV-Y]?|\d\d?|"
    r"[A-HK-Y]\d\d?))\s?\d[ABD-HJLNP-UW-Z]{2})\b"
)
_POSTCODE_ANY_CASE = re.compile(_POSTCODE.pattern, re.I)
# Digit-led anchors for the patterns above (which begin with capitals anywhere in a text).
_ZIP = re.compile(r"\d(?<!\w\d)\d{4}(?:-\d{4})?\b")
_INWARD_CODE = re.compile(r"\d[ABD-HJLNP-UW-Z]{2}\b")


def _ending_at(
    pattern: re.Pattern, text: str, anchor: re.Pattern, reach: int
) -> list[tuple[int, int]]:
    """Spans of ``pattern`` that end where a match of the cheap, digit-led ``anchor`` ends,
    looking back at most ``reach`` characters: linear, and fast to skip through."""
    spans = []
    for end in (m.end() for m in anchor.finditer(text)):
        found = [m for m in pattern.finditer(text, max(0, end - reach), end) if m.end() == end]
        if found:
            spans.append(found[0].span())
    return spans


_POSTCODE_LABEL = _keywords(r"(?:post ?code|postal code|zip(?: code)?)\b", "post|zip")
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
_MAX_PARSED_STREETS = 8  # usaddress runs on the first few candidates; later ones are kept as
# found by the pre-filter (the post is held for the first address either way)


@functools.lru_cache(maxsize=256)
def _parse_address(window: str) -> list[tuple[str, str]]:
    try:
        return usaddress.parse(window)
    except Exception:  # usaddress's CRF can raise on odd input
        return []


def _street_span(text: str, street: re.Match, *, parse: bool) -> tuple[int, int] | None:
    words = text[street.start() : street.end()].split()[1:-1]
    if any(word.strip(",.").casefold() in _NOT_STREET_WORDS for word in words):
        return None
    if not parse:
        return street.span()
    window_end = text.find("\n", street.end(), street.end() + _ADDRESS_WINDOW)
    window = text[street.start() : window_end if window_end > 0 else street.end() + 60]
    parsed = _parse_address(window)
    if not parsed:
        return street.span()
    if parsed[0][1] != "AddressNumber":
        # usaddress knows US formats only: a UK street ("27 Cobble Wynd") is kept when its
        # name is capitalised, a lowercase run of words ("3 laps round the track") is not.
        return street.span() if any(word[:1].isupper() for word in words) else None
    length, position = 0, 0
    for token, tag in parsed:
        found = window.find(token, position)
        if tag not in _ADDRESS_TAGS or found < 0:
            break
        if found >= street.end() - street.start() and token[:1].islower():
            break  # past the street, a city or state is capitalised: "come round" is not
        position = found + len(token)
        length = position
    length = len(window[:length].rstrip(",;: "))
    return street.start(), street.start() + max(length, street.end() - street.start())


def find_addresses(text: str) -> list[Match]:
    """Street addresses (a US or UK house number and street, extended by ``usaddress`` to
    its city, state and ZIP), apartment/suite and PO boxes, "City, ST 12345", and UK
    postcodes (in capitals, or any case after "postcode")."""
    lowered = _lowered(text)
    spans = [
        span
        for index, m in enumerate(_STREET.finditer(lowered))
        if (span := _street_span(text, m, parse=index < _MAX_PARSED_STREETS))
    ]
    if any(word in _lowered(text) for word in _CALLE_WORDS):
        spans.extend(m.span() for m in _CALLE.finditer(text))
    spans.extend(m.span() for m in _words(_OCCUPANCY, text))
    spans.extend(_ending_at(_CITY_STATE_ZIP, text, _ZIP, 40))
    spans.extend(_ending_at(_POSTCODE, text, _INWARD_CODE, 9))
    for label in _words(_POSTCODE_LABEL, text):
        code = _POSTCODE_ANY_CASE.search(text, label.end(), label.end() + 16)
        if code:
            spans.append(code.span())
    return _merge(_matches("address", text, spans))


# --- A full name next to a facility and a date ----------------------------------------

# No named-entity model can be installed here (no spaCy model may be downloaded), so a name
# is a careful pattern: two or three capitalised words, with or without a title, none of
# them a common word, month, weekday or facility word; and it counts only with a facility
# word and a date close by ("Dr. Priya Malhotra at Maplewood General on 12 March").
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # Latin letters with accents ("Julián Ortega")
_NAME_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'\u2019][{_UPPER}][{_LOWER}]+)?|[{_UPPER}]['\u2019][{_UPPER}][{_LOWER}]+|"
    rf"Mc[{_UPPER}][{_LOWER}]+)"
)
# A patient's title makes one surname enough ("Mrs Okonjo"); a doctor needs a full name.
_PATIENT_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Sr", "Sra", "Srta"})
_TITLE = r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Dra|Sr|Sra|Srta)\.?"
# capital-first: the engine skips to capitals
_CAPITAL = re.compile(rf"[{_UPPER}](?<![\w'\u2019][{_UPPER}])")
_NAME = re.compile(
    r"(?P<title>" + _TITLE + r"\s+)?(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,2})\b"
)
_FACILITY = _keywords(
    r"(?:hospital|clinic|infirmary|surgery|ward|hospice|medical cent(?:er|re)|"
    r"health cent(?:er|re)|cancer cent(?:er|re)|urgent care|walk-in cent(?:er|re)|a&e|"
    r"a and e|emergency (?:room|department)|psychiatric|psych unit|rehab|unit|"
    r"care home|nursing home|cl[ií]nica|hospitalario|hospital|sanatorio|centro de salud|"
    r"urgencias|"
    # Common misspellings in members' posts.
    r"clinc|clnic|hosptial|hospitol|hosital|infirmery|"
    # Facility words only when capitalised, as part of a name ("Maplewood General",
    # "St Columba's"), and abbreviations only in capitals ("the ER", "ICU").
    r"(?P<capital>general|memorial|royal|cent(?:er|re)|practice)|(?:st|saint)\.? [a-z]+['\u2019]s|"
    r"(?P<upper>er|icu|ccu|hdu|nicu|picu))\b",
    "hospital|clinic|infirmary|surgery|ward|hospice|medical|health|cancer|urgent|walk-in|"
    "a&e|a and e|emergency|psych|rehab|unit|care home|nursing home|"
    "clínica|clinica|hospitalario|sanatorio|centro de salud|urgencias|"
    "clinc|clnic|hosptial|hospitol|hosital|infirmery|"
    "general|memorial|royal|cent|practice|st|saint|er|icu|ccu|hdu|nicu|picu",
)
_NOT_NAME_WORDS = _word_set(
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
    "Christmas Easter God Lord Mom Mum Dad Mother Father Grandma Grandpa Nan "
    "San Santa Santo Sant Santiago Hospital Centro Virgen Nuestra Señora"
)
_NAME_REACH = 110  # characters between a name and its facility word or date, at most


# Given names of the languages this portal's members write in and the communities it serves,
# as shipped by Faker (already a requirement, for demo data): a capitalised pair is a
# person's name only when it starts with one ("Dana Whitfield", not "Freestyle Libre",
# "Boxing Day" or "Cardiac Rehab"), unless a title or "I'm" / "called" introduces it.
_NAME_LOCALES = _word_set(
    "ar_AA de_DE en_GB en_IE en_IN en_KE en_NG en_NZ en_PK en_US es_AR es_CL es_CO es_ES "
    "es_MX fr_FR ga_IE ha_NG hi_IN ig_NG it_IT nl_NL pl_PL pt_BR pt_PT sv_SE tr_TR tw_GH yo_NG"
)


def _person_providers() -> list[type]:
    # Imported by name: Faker keeps one module per locale.
    return [
        importlib.import_module(f"faker.providers.person.{locale}").Provider
        for locale in sorted(_NAME_LOCALES)
    ]


@functools.cache
def _given_names() -> frozenset[str]:
    names: set[str] = set()
    for provider in _person_providers():
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            listed = getattr(provider, attribute, ())
            if isinstance(listed, dict | tuple | list | set | frozenset):  # not a property
                names.update(name.casefold() for name in listed)  # a dict's keys, or names
    return frozenset(names)


@functools.cache
def _surnames() -> frozenset[str]:
    names: set[str] = set()
    for provider in _person_providers():
        listed = getattr(provider, "last_names", ())
        if isinstance(listed, dict | tuple | list | set | frozenset):
            names.update(name.casefold() for name in listed)
    return frozenset(names)


# Surnames that are everyday words: not evidence of a person after an unknown first word.
_COMMON_WORD_SURNAMES = _word_set(
    "day holiday long young white green brown black gray grey king hill wood hall ward "
    "little rich love hope bell bush rose stone street house field lane park church "
    "may moon sun star price cash gold silver best good clear strong bright early late "
    "north south east west english french rice wall cross banks hospital care health "
    "center centre clinic unit general"
)
_INTRODUCED = re.compile(
    r"(?:\bi['\u2019]?m|\bi am|\bname(?:'s| is)|\bcalled|\bnamed|\bthis is|\bme llamo|"
    r"\bsoy|\bpatient:?|\bnombre:?|"
    # Titles and roles written in lower case: "with nurse Kofi Mensah-Atwell".
    r"\b(?:nurse|dr|doctor|sister|prof|professor|mr|mrs|ms|mx|miss|dra|consultant|surgeon|"
    r"physio|midwife|paramedic|registrar|matron|enfermer[oa]|doctora?)\.?|"
    # Family and people around the poster: "my wife, Margaret ...", "Grandpa Eustace ...".
    r"\b(?:wife|husband|partner|son|daughter|mum|mom|mam|mother|dad|father|brother|sister|"
    r"friend|nan|nana|gran|granny|grandma|grandpa|grandad|grandson|granddaughter|aunt|"
    r"auntie|uncle|niece|nephew|cousin|neighbou?r|carer|baby|esposo|esposa|marido|madre|"
    r"padre|hij[oa]|mam[aá]|pap[aá]|abuel[oa]|herman[oa])|"
    # A person met or seen: "I met Tamsin Greaves", "seen by Jo Whitlock".
    r"\b(?:met|visited|visiting|saw|seen by|treated by|looked after by|cared for by|"
    r"operated on by))\s*[,:(]?\s*$",
    re.I,
)


def _is_person(source: str, match: re.Match, span: tuple[int, int]) -> bool:
    """A title, an introduction or a known given name first makes a capitalised pair a name."""
    if match.group("title"):
        return True
    if _INTRODUCED.search(source, max(0, span[0] - 16), span[0]):
        return True
    words = source[span[0] : span[1]].split()
    if words[0].casefold() in _given_names():
        return True
    parts = [  # "Mensah-Atwell", "O'Neill"
        part for word in words[1:] for part in re.split(r"[-'\u2019]", word.casefold())
    ]
    return any(part in _surnames() and part not in _COMMON_WORD_SURNAMES for part in parts)


# A name right before a facility word names the place: "King George Hospital".
_FACILITY_NAMED_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:Hospital|Clinic|Infirmary|Hospice|Medical|Health|Cancer|Memorial|"
    r"General|Institute|Centre|Center|Surgery|Practice|Ward|Unit|House|Home|Trust|Foundation|"
    r"University|Children|Women|Eye|Heart|Royal)\b",
    re.I,
)
# UK surgeons are "Mr"/"Ms": a clinician named by title and surname alone is not a patient.
_CLINICIAN_BEFORE = re.compile(
    r"\b(?:consultant|surgeon|doctor|registrar|specialist|dr)\b[\s,:]*(?:was|is)?[\s,:]*$", re.I
)


def _is_surgeon(source: str, match: re.Match, span: tuple[int, int]) -> bool:
    one_word = len(source[span[0] : span[1]].split()) <= 2 and match.group("title") is not None
    title = (match.group("title") or "").strip().rstrip(".")
    return (
        one_word
        and title in _PATIENT_TITLES
        and bool(_CLINICIAN_BEFORE.search(source, max(0, match.start() - 24), match.start()))
    )


def _full_name(match: re.Match) -> tuple[int, int] | None:
    """The name's span once leading and trailing common words are dropped; None when fewer
    than two name words remain (one after a patient's title: "Mrs Okonjo")."""
    words = list(re.finditer(r"\S+", match.group("name")))
    kept = [
        w for w in words if w.group().replace("\u2019", "").replace("'", "") not in _NOT_NAME_WORDS
    ]
    title = (match.group("title") or "").strip().rstrip(".")
    needed = 1 if title in _PATIENT_TITLES and kept and kept[0] is words[0] else 2
    if len(kept) < needed:
        return None
    if kept != words[words.index(kept[0]) : words.index(kept[0]) + len(kept)]:
        return None
    offset = match.start("name")
    start = match.start() if match.group("title") and kept[0] is words[0] else offset
    return start + (kept[0].start() if start == offset else 0), offset + kept[-1].end()


def _near(positions: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(positions, start - _NAME_REACH)
    return index < len(positions) and positions[index] <= end + _NAME_REACH


def find_names_with_facility(text: str) -> list[Match]:
    """A full name with a facility word and a date (or "on the 30th", "on 4/18") within
    about 110 characters: a sentence or two, in any order. Names are looked for only near
    facility words, and dates only near names. A post in capitals is read title-cased (same
    length, same spans)."""
    facilities = [
        m.start()
        for m in _words(_FACILITY, text)
        if (not m.group("capital") or text[m.start()].isupper())
        and (not m.group("upper") or text[m.start() : m.end()].isupper())
    ]
    spans = []
    for start, end in _windows(facilities, _NAME_REACH + 40, len(text)):
        source = _as_written(text[start:end])
        reached = 0
        for capital in _CAPITAL.finditer(source):
            if capital.start() < reached:
                continue
            match = _NAME.match(source, capital.start())
            if match is None:
                continue
            span = _full_name(match)
            if span is None or not _is_person(source, match, span):
                continue  # the next capital may start a name ("Visited Grandpa Eustace ...")
            reached = match.end()
            if _FACILITY_NAMED_AFTER.match(source, span[1]) or _is_surgeon(source, match, span):
                continue  # "John Radcliffe Hospital", "the consultant, Mr Shah"
            span = _shift(span, start)
            if _near(facilities, *span) and _date_near(text, *span):
                spans.append(span)
    return _matches("name_with_facility", text, spans)


def _date_near(text: str, start: int, end: int) -> bool:
    window = (max(0, start - _NAME_REACH), min(len(text), end + _NAME_REACH))
    return any(pattern.search(text, *window) for pattern in (DATE, SHORT_DATE))


def _windows(positions: list[int], reach: int, length: int) -> list[tuple[int, int]]:
    """The stretches within ``reach`` of any position, overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    for position in positions:
        start, end = max(0, position - reach), min(length, position + reach)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _shift(span: tuple[int, int], offset: int) -> tuple[int, int]:
    return span[0] + offset, span[1] + offset


_UPPER_LETTER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_LOWER_LETTER = re.compile(r"[a-zß-öø-ÿ]")


def _as_written(text: str) -> str:
    """``text``, title-cased when it is shouting (in capitals), so names are capitalised.
    Letters are counted by patterns (in C): a loop over characters cost a millisecond."""
    upper, lower = len(_UPPER_LETTER.findall(text)), len(_LOWER_LETTER.findall(text))
    if upper + lower < 20 or upper < 0.8 * (upper + lower):
        return text
    titled = text.title()
    return titled if len(titled) == len(text) else text


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
