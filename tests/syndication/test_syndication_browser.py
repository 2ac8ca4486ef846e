"""The syndication journey in a real browser: an editor composes a post for two channels
from a vetted page, a compliance reviewer approves each, the database task worker
(db_worker) delivers to local fake Mastodon and Bluesky servers, and the queue shows
both remote links."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from syndication.factories import ChannelFactory
from syndication.models import Delivery, DeliveryStatus, Platform, SyndicationPost
from tests.browser_helpers import (
    assert_no_serious_axe_violations,
    log_out,
    open_more_actions,
    reset_rate_limits,
)
from tests.education.browser_steps import log_in_as
from tests.syndication.fakes import FakeBluesky, FakeMastodon

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def channels(httpserver):
    base = httpserver.url_for("/").rstrip("/")
    mastodon = ChannelFactory(name="Clinic Mastodon", platform=Platform.MASTODON, base_url=base)
    bluesky = ChannelFactory(
        name="Clinic Bluesky", platform=Platform.BLUESKY, base_url=base, account_id="clinic.example"
    )
    fakes = {
        "mastodon": FakeMastodon(httpserver),
        "bluesky": FakeBluesky(httpserver, identifier="clinic.example"),
    }
    return mastodon, bluesky, fakes


def test_compose_approve_deliver_and_see_both_remote_links(
    page, vetted_page, editor, reviewer, channels, settings
):
    """Two channels, approved by compliance, delivered by the worker, linked in the queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mastodon, bluesky, fakes = channels
    reset_rate_limits()

    # The editor starts from the page: More actions → Syndicate.
    log_in_as(page, editor)
    page.goto(f"/admin/pages/{vetted_page.pk}/edit/")
    open_more_actions(page).get_by_role("link", name="Syndicate").click()
    page.wait_for_url(re.compile(rf"/admin/syndication/compose/{vetted_page.pk}/"))
    page.get_by_label(f"Post on {mastodon}").check()
    page.get_by_label(f"Post on {bluesky}").check()
    text = page.get_by_label("Text for Clinic Mastodon")
    text.fill("Asthma: learn what sets off your symptoms.")
    expect(page.locator(f"#count-{mastodon.pk}")).to_have_text(re.compile(r"^67 / 500 — 433 left"))
    expect(page.locator(f"#preview-{mastodon.pk}")).to_contain_text("utm_source=mastodon")
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/syndication/\d+/$"))
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("[data-post-status]")).to_have_text("Awaiting approval")
    post = SyndicationPost.objects.get()
    log_out(page)

    # Compliance approves each channel's exact text.
    log_in_as(page, reviewer)
    page.goto("/admin/syndication/")
    page.get_by_role("link", name=re.compile(rf"#{post.pk} Living with asthma")).click()
    on_mastodon = Delivery.objects.get(channel=mastodon)
    posted_text = page.locator(f'[data-delivery="{on_mastodon.pk}"] [data-posted-text]')
    expect(posted_text).to_contain_text("Asthma: learn what sets off your symptoms.")
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Approve for Clinic Bluesky").click()
    page.get_by_role("button", name="Approve for Clinic Mastodon").click()
    expect(page.locator("[data-post-status]")).to_have_text("Approved (scheduled)")

    # The database task worker picks up both deliveries.
    assert fakes["mastodon"].posts == 0 and fakes["bluesky"].posts == 0
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*")
    assert fakes["mastodon"].posts == 1 and fakes["bluesky"].posts == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PUBLISHED}

    page.goto("/admin/syndication/")
    row = page.locator(f'tr[data-post="{post.pk}"]')
    links = row.locator("[data-remote-link]")
    expect(links).to_have_count(2)
    hrefs = {links.nth(i).get_attribute("href") for i in range(2)}
    assert hrefs == set(Delivery.objects.values_list("remote_url", flat=True))
    assert "https://social.example/@clinic/100" in hrefs
    assert any(h.startswith("https://bsky.app/profile/clinic.example/post/") for h in hrefs)
    expect(row).to_contain_text("Published")
    assert_no_serious_axe_violations(page)
