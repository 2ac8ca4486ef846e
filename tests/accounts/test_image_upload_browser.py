"""Each role the README lets upload images does so in the Wagtail admin, in a real browser
(staff log in with their TOTP second factor, as a person would)."""

from __future__ import annotations

import re

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images import get_image_model

from portal.accounts.roles import Role
from tests.browser_helpers import STAFF_TOTP_SECRET, log_in_with_totp, log_out, reset_rate_limits
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.fixtures_people import with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_physician_editor_and_administrator_upload_an_image(page, tmp_path, site_pages):
    """Upload through "Add images", then find it in the chooser-backed image listing."""
    reset_rate_limits()
    for role, colour in (
        (Role.PHYSICIAN, "teal"),
        (Role.EDITOR, "navy"),
        (Role.ADMINISTRATOR, "olive"),
    ):
        picture = tmp_path / f"synthetic-{colour}.png"  # distinct pictures: not duplicates
        PILImage.new("RGB", (40, 30), colour).save(picture, format="PNG")
        email = f"{role.lower().replace(' ', '-')}-upload@example.test"
        user = with_mfa(UserFactory(email=email, roles=[role]))
        log_in_with_totp(
            page, email=user.email, password=DEFAULT_PASSWORD, secret=STAFF_TOTP_SECRET
        )
        page.goto("/admin/images/multiple/add/")
        expect(page.get_by_role("heading", name=re.compile("Add images"))).to_be_visible()
        page.locator("#fileupload").set_input_files(str(picture))
        uploaded = page.locator("#upload-list > li.upload-success")
        expect(uploaded).to_have_count(1)
        expect(uploaded.get_by_text(re.compile(r"^Upload successful"))).to_be_visible()
        page.goto("/admin/images/")
        expect(page.get_by_text(f"synthetic-{colour}").first).to_be_visible()
        page.screenshot(path=str(tmp_path / f"upload-{role}.png"))
        log_out(page)
        assert get_image_model().objects.filter(uploaded_by_user=user).count() == 1
