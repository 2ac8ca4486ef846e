from __future__ import annotations

from django.core.exceptions import ValidationError

NPI_PREFIX = "80840"  # the card-issuer prefix the NPI check digit is computed over


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def npi_is_valid(number: str) -> bool:
    """Ten digits whose last is the Luhn check digit over 80840 + the first nine."""
    return (
        len(number) == 10
        and number.isascii()
        and number.isdigit()
        and luhn_valid(NPI_PREFIX + number)
    )


def validate_npi(value: str) -> None:
    if not (len(value) == 10 and value.isascii() and value.isdigit()):
        raise ValidationError(
            "An NPI is exactly 10 digits (no spaces or letters).", code="npi_format"
        )
    if not npi_is_valid(value):
        raise ValidationError(
            "This NPI's check digit is wrong: please check the number on the NPPES registry.",
            code="npi_checksum",
        )


def npi_check_digit(first_nine: str) -> str:
    """The check digit that makes ``first_nine`` + digit a valid NPI (for synthetic data)."""
    for digit in "0123456789":
        if luhn_valid(NPI_PREFIX + first_nine + digit):
            return digit
    raise ValueError(f"no check digit for {first_nine!r}")  # unreachable for 9 digits
