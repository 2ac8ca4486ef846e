"""The demo administrator's journey: roles, the audit log's filters and CSV export, and
physician verification with its evidence."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.test"
ROLE_SUBJECT = "member4@demo.test"
UNVERIFIED_PHYSICIAN = "Sam Testcase"


def test_administrator_journey(start_journey):
    """Grant a role, filter and export the audit log, verify a physician with evidence."""
    journey = start_journey("administrator")
    page = journey.page
    journey.log_in_staff(ADMIN)
    journey.check("dashboard")

    # Roles: find a member and make them a peer mentor.
    page.goto("/admin/roles/")
    journey.check("roles")
    page.get_by_label("Find a user by email").fill(ROLE_SUBJECT)
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name=f"Edit roles of {ROLE_SUBJECT}").click()
    journey.check("edit roles")
    page.get_by_label(re.compile("mentor", re.IGNORECASE)).check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("row").filter(has_text=ROLE_SUBJECT)).to_contain_text(
        re.compile("mentor", re.IGNORECASE)
    )
    journey.check("roles saved")

    # The audit log: that change, found by actor, object and address.
    page.goto("/admin/audit/")
    journey.check("audit log")
    page.get_by_label("Action starts with").fill("role.")
    page.get_by_label("Actor (email or user id)").fill(ADMIN)
    page.get_by_label("Object (id, name or email)").fill(ROLE_SUBJECT)
    page.get_by_label("IP address").fill("127.0.0.1")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.listing tbody tr")
    expect(rows.filter(has_text="role.granted")).to_have_count(1)
    journey.check("audit log filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    exported = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [row["action"] for row in exported] == ["role.granted"], exported
    assert exported[0]["actor_label"] == ADMIN
    assert exported[0]["ip_address"] == "127.0.0.1"

    page.get_by_label("IP address").fill("300.1.1.1")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Enter a valid IPv4 or IPv6 address")).to_be_visible()
    journey.check("audit log: an invalid address is explained")

    # Physician verification, with what was checked.
    page.goto("/admin/physicians/verification/")
    journey.check("physician verification")
    row = page.get_by_role("row").filter(has_text=UNVERIFIED_PHYSICIAN)
    if journey.pending("verification_evidence", "NPI links to the NPPES registry"):
        expect(row.locator("a[href*='npiregistry.cms.hhs.gov']")).to_have_count(1)
    if journey.pending("verification_evidence", "record what was checked before verifying"):
        row.get_by_role("link", name=f"Verify {UNVERIFIED_PHYSICIAN}").click()
        journey.check("verification evidence form")
        for check in (
            page.get_by_role("group", name=re.compile("What you checked"))
            .get_by_role("checkbox")
            .all()
        ):
            check.check()
        page.get_by_label("Licence state").select_option(index=1)
        page.get_by_label("Where you checked").select_option(label="NPPES NPI registry")
        page.get_by_label(re.compile(r"^Note")).fill("Journey: synthetic licence, active.")
        page.get_by_role("button", name=f"Verify {UNVERIFIED_PHYSICIAN}").click()
    else:
        row.get_by_role("button", name=f"Verify {UNVERIFIED_PHYSICIAN}").click()
    row = page.get_by_role("row").filter(has_text=UNVERIFIED_PHYSICIAN)
    expect(row).to_contain_text("Verified")
    journey.check("physician verified")
