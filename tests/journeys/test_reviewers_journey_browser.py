"""The clinical reviewer (a verified demo physician) and the compliance reviewer preview the
demo post waiting in review, and approve it; it is then live."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.journeys.admin_steps import approve_from_dashboard, preview_from_dashboard

pytestmark = pytest.mark.browser

CLINICAL = "dr.okafor@demo.test"
COMPLIANCE = "compliance@demo.test"
WAITING = "Travelling with a long-term condition (in review)"


def test_reviewers_journey(start_journey):
    """Clinical, then compliance: each previews the waiting post and approves it."""
    clinical = start_journey("clinical-reviewer")
    clinical.log_in_staff(CLINICAL)
    clinical.check("dashboard")
    preview_from_dashboard(clinical, title=WAITING, awaiting={"server": "blog_preview"})
    approve_from_dashboard(clinical, title=WAITING, comment="Journey: clinically sound")

    compliance = start_journey("compliance-reviewer")
    compliance.log_in_staff(COMPLIANCE)
    compliance.check("dashboard")
    preview_from_dashboard(compliance, title=WAITING, awaiting={"server": "blog_preview"})
    approve_from_dashboard(compliance, title=WAITING, comment="Journey: disclosures in order")

    page = compliance.page
    page.goto("/blog/")
    compliance.check("blog with the approved post")
    expect(page.get_by_role("link", name=WAITING).first).to_be_visible()
    compliance.check_document("/blog/feeds/rss/", content_type="xml")
