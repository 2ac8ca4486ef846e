"""Personal health information is found by kind, with real parsers and context: each kind
below is found and labelled as itself, and the hard negatives (readings, doses, dates,
times, public helplines) are not found at all. Examples are plainly synthetic."""

from __future__ import annotations

import pytest

from portal.screening.phi import (
    PHI_KIND_LABELS,
    find_emails,
    find_phi,
    find_phones,
    nhs_check_digit_ok,
    phi_kind_label,
)
from portal.screening.services import Decision, screen_text

FOUND = [
    # phone numbers: parsed by phonenumbers (US and GB), spelled out, oddly separated
    ("Call me on (555) 201-3344 any evening", "phone", "(555) 201-3344"),
    ("text me on 07700 900123 after work", "phone", "07700 900123"),
    ("UK folks: +44 20 7946 0958", "phone", "+44 20 7946 0958"),
    ("ring me 555-0123 tonight", "phone", "555-0123"),
    (
        "call me five five five oh one two three four",
        "phone",
        "five five five oh one two three four",
    ),
    ("my number is 555 . 01 . 23 . 4 5", "phone", "555 . 01 . 23 . 4 5"),
    ("tel 503_555_0139 (landline)", "phone", "503_555_0139"),
    (
        "mi número es cinco cinco cinco, cero uno seis dos",
        "phone",
        "cinco cinco cinco, cero uno seis dos",
    ),
    ("my digits r 5 5 5 - zero one 4 4", "phone", "5 5 5 - zero one 4 4"),
    # emails, plain and obfuscated
    ("write to jo.bloggs@example.com", "email", "jo.bloggs@example.com"),
    ("jo dot bloggs at example dot com", "email", "jo dot bloggs at example dot com"),
    ("jo(at)example(dot)org please", "email", "jo(at)example(dot)org"),
    ("jo [at] example [dot] net", "email", "jo [at] example [dot] net"),
    ("jo @ example . co . uk", "email", "jo @ example . co . uk"),
    ("j o b l o g g s @ e x a m p l e . n e t", "email", "j o b l o g g s @ e x a m p l e . n e t"),
    (
        "mi correo es jo punto b arroba example punto com",
        "email",
        "jo punto b arroba example punto com",
    ),
    # street addresses (usaddress for US formats), UK streets and postcodes
    (
        "I live at 42 Elm Street, Springfield, IL 62704 now",
        "address",
        "42 Elm Street, Springfield, IL 62704",
    ),
    ("we are at 27 Cobble Wynd, come round", "address", "27 Cobble Wynd"),
    ("my postcode is LS6 2QN", "address", "LS6 2QN"),
    ("postcode ls6 2qn if you're local", "address", "ls6 2qn"),
    ("send it to PO Box 1234", "address", "PO Box 1234"),
    ("vivo en 312 Calle Almendro", "address", "312 Calle Almendro"),
    # dates of birth, numbers and words, English and Spanish
    ("DOB 3/3/61 on the form", "date_of_birth", "DOB 3/3/61"),
    ("born on the third of March 1961", "date_of_birth", "born on the third of March 1961"),
    ("my birthday is 12 May 1958 and I'm 67", "date_of_birth", "birthday is 12 May 1958"),
    ("nací el 5 de mayo de 1970", "date_of_birth", "nací el 5 de mayo de 1970"),
    ("12/05/1958 is my birthday", "date_of_birth", "12/05/1958 is my birthday"),
    # identifiers
    ("my SSN is 123-45-6789", "ssn", "123-45-6789"),
    ("SSN 123456789", "ssn", "SSN 123456789"),
    ("MRN 00451234 on my band", "record_number", "MRN 00451234"),
    ("hosp no RX0038817", "record_number", "hosp no RX0038817"),
    ("NHS number 943 476 5919", "nhs_number", "943 476 5919"),
    ("it says 943 476 5919 on the letter", "nhs_number", "943 476 5919"),
    ("member ID XYZ123456789", "insurance_id", "member ID XYZ123456789"),
    ("policy number: PL-0099812", "insurance_id", "policy number: PL-0099812"),
    ("card says ABC123456789", "insurance_id", "ABC123456789"),
    # a full name next to a facility and a date
    (
        "Dr. Priya Malhotra at Maplewood General on 12 March was lovely",
        "name_with_facility",
        "Dr. Priya Malhotra",
    ),
    ("saw Anton Feld at St Brigid's Clinic on 4/18", "name_with_facility", "Anton Feld"),
]

NOT_FOUND = [
    "glucose 112 134 98 145 201 this week",
    "readings 128/82 131/85 129/80",
    "112 134 98 145 201 210 198 were my numbers",
    "peak flow 450 420 380 410 all week",
    "took 2.5 mg then 5 mg, now 10 units at night",
    "HbA1c 48 mmol/mol on 2026-03-14",
    "next appointment 14.03.2026 at 10.30",
    "call 988, 111, 999 or 911 if you need to",
    "Samaritans are on 116 123 day and night",
    "the freephone line is 0800 123 4567",
    "Lifeline: 1-800-273-8255",
    "the helpline is 0113 496 0000",
    "hospital switchboard 0161 496 0000",
    "born in 1961 and diagnosed in 2019",
    "I saw the doctor on 12 March",
    "I read it at nhs.uk and at diabetes.org",
    "walked 3 miles down the road today",
    "in general I feel better since 2024",
    "I was in hospital for 12 days in March",
    "I have one two three four five kids? no, just two",
    "My consultant at the Royal said in June it was fine",
]


@pytest.mark.parametrize(("text", "kind", "found"), FOUND)
def test_each_kind_is_found_as_itself(text, kind, found):
    """The match has its kind and the span of what was found."""
    matches = find_phi(text)
    assert [(m.kind, m.text) for m in matches] == [(kind, found)], matches
    assert all(text[m.start : m.end] == m.text for m in matches)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_hard_negatives_are_not_personal_information(text):
    """Readings, doses, dates, times and public numbers are published, not held."""
    assert find_phi(text) == []
    assert screen_text(text).decision == Decision.ALLOW


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),  # last digit off by one
        ("1234567890", False),  # check digit 10: never issued
        ("943476591", False),  # nine digits
    ],
)
def test_nhs_numbers_pass_the_modulus_11_check(digits, valid):
    """The check digit decides whether ten digits are an NHS number."""
    assert nhs_check_digit_ok(digits) is valid


def test_a_number_failing_the_check_is_not_an_nhs_number():
    """With the NHS label but a wrong check digit it is held as a record number instead."""
    kinds = [m.kind for m in find_phi("my NHS number is 943 476 5918")]
    assert kinds == ["record_number"]


def test_ten_grouped_digits_failing_the_check_are_not_an_nhs_number():
    """Without the check digit, 3-3-4 digits are whatever else they are (here a phone)."""
    assert [m.kind for m in find_phi("it says 123 456 7890 on it")] == ["phone"]


def test_more_specific_kinds_win_over_phones():
    """An NHS number or an SSN is not also reported as a phone number."""
    kinds = [m.kind for m in find_phi("NHS 943 476 5919, SSN 123-45-6789, call 555 201 3344")]
    assert kinds == ["nhs_number", "ssn", "phone"]


def test_a_bare_at_needs_an_obfuscated_dot_to_be_an_email():
    """ "at" is a common word: without "dot" (or a bracketed dot) nothing is an email."""
    assert find_emails("we met at Leeds.Then went home") == []
    assert [m.text for m in find_emails("find us at example dot org")] == []
    assert [m.text for m in find_emails("mail sam at example dot org")] == [
        "sam at example dot org"
    ]


def test_a_date_alone_is_not_a_date_of_birth():
    """A date needs a birth word next to it."""
    assert find_phi("On 12 May 1958 the hospital opened.") == []
    kinds = [m.kind for m in find_phi("On 12 May 1958 I was born.")]
    assert kinds == ["date_of_birth"]


def test_a_phone_in_a_helpline_sentence_is_still_found_when_it_is_the_members():
    """Helpline context excuses the helpline's number, not the member's own."""
    text = "the helpline was useless, call me on 07700 900123 instead"
    assert [m.kind for m in find_phones(text)] == ["phone"]


def test_spelled_digits_need_a_phone_length():
    """A few number words are ordinary talk; seven or more after a phone word are not."""
    assert find_phones("one two three, here we go") == []
    assert find_phones("call me on five five five oh one two three") != []


@pytest.mark.parametrize("kind", sorted(PHI_KIND_LABELS))
def test_every_kind_has_a_label_for_moderators(kind):
    """Moderators read words, not a detector's internal name."""
    label = phi_kind_label(kind)
    assert label and "_" not in label


def test_every_kind_a_detector_returns_has_a_label():
    """No detector returns a kind the labels do not know."""
    kinds = {m.kind for text, _, _ in FOUND for m in find_phi(text)}
    assert kinds <= set(PHI_KIND_LABELS)
    assert kinds == set(PHI_KIND_LABELS)
