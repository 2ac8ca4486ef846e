"""The suite runs on the database it was asked to (CI's PostgreSQL leg must be PostgreSQL)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_vendor_matches_configuration():
    """DATABASE_URL (and CI's PORTAL_EXPECT_DB_VENDOR) decide the database actually used."""
    expected = os.environ.get("PORTAL_EXPECT_DB_VENDOR")
    if expected is None:
        url = os.environ.get("DATABASE_URL", "sqlite://")
        expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
