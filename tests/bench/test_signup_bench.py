"""The sign-up timing bench: its options, and its ratio and verdict (the timing itself is
only ever reported, never asserted)."""

from __future__ import annotations

from bench.cli import parse_args
from bench.signup import DEFAULT_REQUESTS, SignupTiming, format_timing


def test_signup_only_and_the_number_of_requests_are_options() -> None:
    assert parse_args(["--signup-only"]).signup_only
    assert parse_args([]).signup_requests == DEFAULT_REQUESTS
    assert parse_args(["--signup-requests", "5"]).signup_requests == 5


def test_equal_medians_are_within_tolerance_and_a_hash_gap_is_not() -> None:
    """The report before the fix (19 ms against 836 ms) is flagged; equal paths pass."""
    before = SignupTiming(requests=9, known_ms=18.9, unknown_ms=836.2)
    assert round(before.ratio, 1) == 44.2
    assert not before.within_tolerance
    assert "DIFFERENT" in format_timing(before)
    after = SignupTiming(requests=9, known_ms=800.0, unknown_ms=820.0)
    assert after.within_tolerance
    assert "ok" in format_timing(after) and "1.02" in format_timing(after)


def test_a_zero_known_median_is_never_within_tolerance() -> None:
    assert not SignupTiming(requests=1, known_ms=0.0, unknown_ms=5.0).within_tolerance
