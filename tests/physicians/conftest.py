"""Physicians' tests use the shared fixtures in tests/fixtures_people.py."""

from tests.fixtures_people import with_mfa

__all__ = ["with_mfa"]
