"""Calendar dates as people write them (English and Spanish, numbers and words), for the
personal-information detectors: a date of birth, a date next to a name and a facility, and a
number that is a date rather than a phone number.

Written by hand because ``dateutil``'s fuzzy parser finds one date per string and accepts
almost anything; here every date in a text is wanted with its span, in linear time. Each
alternative starts at a digit or a specific word, so no start position scans far.
"""

from __future__ import annotations

import re

MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|"
    # Common misspellings in members' posts.
    r"febuary|feburary|febrary|febraury|feberary|janurary|janaury|janury|jaunary|marhc|"
    r"apirl|arpil|aprl|jully|juli|agust|augst|aguest|septmber|setpember|septmeber|"
    r"septemeber|sepember|septembre|ocotber|octber|octobre|novmber|noveber|novemeber|"
    r"decmber|decemeber|decmeber|dicember|mrach|marhc|juen|jnue|jlyu|agusut|spetember)\.?"
)
MESES = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre)"
)
_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s-]?" + _UNITS + r"|" + _UNITS + r"|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth)"
)
_DIAS = (
    r"(?:primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
    r"catorce|quince|diecis[eé]is|diecisiete|dieciocho|diecinueve|veinte|veinti[uú]no|"
    r"veintid[oó]s|veintitr[eé]s|veinticuatro|veinticinco|veintis[eé]is|veintisiete|"
    r"veintiocho|veintinueve|treinta(?: y uno)?)"
)
DAY = r"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°)?|" + ORDINAL_WORDS + r")"
_TENS = r"(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_YEAR_WORDS = (
    r"(?:nineteen|two thousand(?: and)?)\s+(?:hundred\s+(?:and\s+)?)?"
    r"(?:" + _TENS + r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen)"
)
# Spanish years in words: "mil novecientos sesenta y ocho", "dos mil cinco".
_ANOS = r"(?:mil\s+novecientos|dos\s+mil)(?:\s+(?:y\s+)?[a-záéíóú]+){0,3}"
# Two-digit years ("3 March 61") only after a month, where nothing else is likely.
YEAR = (
    r"(?:(?:19|20)\d{2}|['\u2019]?\d{2}(?![\d:.]\d)(?!\s*(?:years?|yrs?|y/?o|days?|weeks?|mins?|%))|"
    + _YEAR_WORDS
    + r"|"
    + _ANOS
    + r")"
)

NUMERIC_DATE = (
    r"(?:\b(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|[12]\d|3[01])[/.\-](?:\d{4}|\d{2})\b|"
    r"\b(?:19|20)\d{2}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:0?[1-9]|[12]\d|3[01])\b|"
    r"\b(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|[12]\d|3[01]) (?:19|20)\d{2}\b)"
)
WORD_DATE = (
    # "3-Mar-61", "03/Mar/1961", "3.Mar.61"
    r"(?:\b(?:[12]\d|3[01]|0?[1-9])[-/.]" + MONTHS + r"[-/.](?:(?:19|20)\d{2}|\d{2})\b"
    r"|\b(?:the\s+)?" + DAY + r"(?:\s+of)?\s+" + MONTHS + r"(?:,?\s+(?:of\s+)?" + YEAR + r")?"
    r"|\b" + MONTHS + r"\s+(?:the\s+)?" + DAY + r"\b(?:,?\s+" + YEAR + r")?"
    r"|\b(?:el\s+)?(?:"
    + DAY
    + r"|"
    + _DIAS
    + r")\s+de\s+"
    + MESES
    + r"(?:\s+(?:de|del)\s+"
    + YEAR
    + r")?)"
)
# A day and a month (and perhaps a year), or a full numeric date: a year alone is not one.
DATE = re.compile(r"(?:" + NUMERIC_DATE + r"|" + WORD_DATE + r")(?!\w)", re.I)

# "the seventh of the seventh": a month as an ordinal.
_MONTH_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"(?:0?[1-9]|1[0-2])(?:st|nd|rd|th))"
)

# What a birth label may introduce beyond a day and month: a month and year ("born in March
# 1961") and eight digits with no separators ("DOB 03031961", "19610303"). Only next to a
# birth label; alone they are not dates.
BIRTH_DATE = re.compile(
    r"(?:"
    + NUMERIC_DATE
    + r"|"
    + WORD_DATE
    + r"|\b(?:the\s+)?"
    + DAY
    + r"\s+of\s+the\s+"
    + _MONTH_ORDINAL
    + r"(?:,?\s+"
    + YEAR
    + r")?"
    r"|\b" + MONTHS + r",?\s+(?:of\s+)?"
    r"(?:(?:19|20)\d{2}|['\u2019]\d{2})"
    r"|\b(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|[12]\d|3[01]) \d{2}\b"  # "03 03 61"
    r"|\b(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])\b(?![/.]\d)"  # "b-day 12/5"
    r"|\b(?:(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"(?:19|20)\d{2}\b|\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b)(?!\w)",
    re.I,
)

# A day named without its month, as in "at the clinic on 4/18" or "on the 30th": a date
# only next to other evidence (see the name-with-facility detector).
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_ORDINAL_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
# Not a day of the month: "the 3rd floor", "the 2nd time".
_NOT_A_DAY_AFTER = (
    r"(?!\s+(?:floor|time|times|round|dose|go|try|attempt|visit|opinion|week|month|year|day|"
    r"child|baby|grade|place|edition|line|cycle|session|stage|degree)\b)"
)
SHORT_DATE = re.compile(
    r"\bon\s+(?:" + _WEEKDAY + r"\s+)?(?:the\s+)?"
    r"(?:(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])\b|" + _ORDINAL_DAY + r")"
    r"|\b"
    + _WEEKDAY
    + r",?\s+(?:the\s+)?"
    + _ORDINAL_DAY
    + r"|\bthe\s+"
    + _ORDINAL_DAY
    + _NOT_A_DAY_AFTER
    + r"|\b(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]|[12]\d|3[01])\b(?![/.]\d)"
    # Spanish: "el lunes 3", "el día 14"
    r"|\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|d[ií]a)\s+"
    r"(?:[12]\d|3[01]|0?[1-9])\b",
    re.I,
)

# Shapes of a number that is a date or a time, never a phone number.
DATE_OR_TIME_NUMBER = re.compile(
    r"(?:(?:19|20)\d{2}[\-./ ]\d{1,2}[\-./ ]\d{1,2}"
    r"|\d{1,2}[\-./ ]\d{1,2}[\-./ ](?:19|20)\d{2}"
    r"|\d{1,2}[\-.]\d{1,2}[\-.]\d{2}"
    r"|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
)
