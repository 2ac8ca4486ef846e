"""Pseudonymous display names: no contact details, no imitation of staff or physicians.

Imitation is caught by comparing *skeletons*: NFKC-normalised, case-folded text with
look-alike characters mapped to one form (a reduced form of Unicode TR39 confusables),
digits read as letters, and spacing, punctuation and invisible characters removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError

MIN_LENGTH, MAX_LENGTH = 3, 40

_EMAIL = re.compile(
    r"[^\s@]+\s*(@|\(at\)|\[at\]|\bat\b)\s*[^\s@]+\s*(\.|\(dot\)|\[dot\]|\bdot\b)\s*\w+", re.I
)
_PHONE = re.compile(r"(?:\+?\d[\s().\-/]*){7,}")
_HONORIFIC = re.compile(r"^(dr|doctor|prof|professor|nurse)\.?\s+", re.I)
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
# Look-alikes (Cyrillic, Greek, fullwidth handled by NFKC) and digit substitutions.
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "һ": "h",
        "ԁ": "d",
        "ɡ": "g",
        "ո": "n",
        "ν": "v",
        "ο": "o",
        "α": "a",
        "ρ": "p",
        "τ": "t",
        "κ": "k",
        "ι": "i",
        "ε": "e",
        "μ": "u",
        "η": "n",
        "0": "o",
        "1": "l",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "i": "l",
        "|": "l",
        "!": "l",
        "$": "s",
        "@": "a",
    }
)
RESERVED_WORDS = {
    "admin",
    "administrator",
    "moderator",
    "mod",
    "staff",
    "official",
    "doctor",
    "dr",
    "physician",
    "nurse",
    "clinician",
    "support team",
    "compliance",
}


def skeleton(text: str) -> str:
    """A comparison key under which look-alike names are equal."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch not in _INVISIBLE)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.casefold().translate(_CONFUSABLES).replace("rn", "m").replace("vv", "w")
    return re.sub(r"[^a-z]", "", text)


def validate_display_name(name: str, *, protected_names: Iterable[str]) -> str:
    """Return the cleaned name, or raise ValidationError saying what is wrong."""
    cleaned = " ".join(unicodedata.normalize("NFKC", name).split())
    if not MIN_LENGTH <= len(cleaned) <= MAX_LENGTH:
        raise ValidationError(
            f"Choose a name of {MIN_LENGTH} to {MAX_LENGTH} characters.", code="length"
        )
    if _EMAIL.search(cleaned) or "@" in cleaned:
        raise ValidationError(
            "A display name cannot contain an email address: choose a pseudonym.", code="email"
        )
    if _PHONE.search(cleaned):
        raise ValidationError(
            "A display name cannot contain a phone number: choose a pseudonym.", code="phone"
        )
    if not any(ch.isalpha() for ch in cleaned):
        raise ValidationError("A display name needs some letters.", code="letters")
    key = skeleton(cleaned)
    words = {skeleton(word) for word in re.split(r"[\s._\-]+", cleaned)}
    if key in {skeleton(word) for word in RESERVED_WORDS} or words & {"admin", "moderator"}:
        raise ValidationError(
            "This name suggests a staff role. Choose a personal pseudonym.", code="reserved"
        )
    if any(_imitates(key, protected) for protected in protected_names):
        raise ValidationError(
            "This name is too close to the name of a staff member or physician.",
            code="impersonation",
        )
    return cleaned


def _imitates(key: str, protected: str) -> bool:
    """The name contains a protected name, with or without its honorific."""
    cores = {skeleton(protected), skeleton(_HONORIFIC.sub("", protected.strip()))}
    return any(len(core) >= 4 and core in key for core in cores)
