"""Every absolute link the portal writes starts with PORTAL_BASE_URL: the Wagtail Site follows
it (``manage.py sync_site``), and a system check warns when production still points at a
local address."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from physicians.factories import BlogPostPageFactory
from portal.core.checks import base_url_is_public, default_site_matches_base_url
from portal.core.sites import site_sync_default
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def configured(settings, site_pages):
    """The portal configured for its public address, the Site synced to it."""
    settings.PORTAL_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE
    site_sync_default()
    return site_pages


def _all_on_base(urls: list[str], base: str = BASE) -> None:
    assert urls
    off = [url for url in urls if not url.startswith(base + "/") and url != base]
    assert not off, off


def test_sync_site_points_the_default_site_at_the_base_url(settings, site_pages):
    """localhost:80 becomes the configured host and port; a second run changes nothing."""
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8011"
    call_command("sync_site")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8011, "http://127.0.0.1:8011")
    _site, changed = site_sync_default()
    assert changed is False
    settings.PORTAL_BASE_URL = BASE
    call_command("sync_site")
    assert Site.objects.get(is_default_site=True).root_url == BASE


@pytest.mark.parametrize(
    "url", ["https://portal.example.org:8443", "ftp://portal.example.org", "http://x.org/sub"]
)
def test_sync_site_refuses_an_address_wagtail_cannot_represent(settings, site_pages, url):
    """https on a port other than 443, another scheme or a path: a clear error."""
    settings.PORTAL_BASE_URL = url
    with pytest.raises(CommandError, match="PORTAL_BASE_URL"):
        call_command("sync_site")


def test_feed_links_start_with_the_base_url(client, configured, make_physician):
    """RSS and Atom: channel link, self link and every item link, whatever the request host."""
    blog = configured["blog"]
    BlogPostPageFactory(parent=blog, author=make_physician(), title="Linked post")
    rss = ET.fromstring(client.get(f"{blog.url}feeds/rss/").content)  # noqa: S314
    channel = rss.find("channel")
    links = [channel.findtext("link"), *[i.findtext("link") for i in channel.findall("item")]]
    links += [i.findtext("guid") for i in channel.findall("item")]
    atom = ET.fromstring(client.get(f"{blog.url}feeds/atom/").content)  # noqa: S314
    links += [link.get("href") for link in atom.iter(f"{ATOM}link")]
    links += [entry.findtext(f"{ATOM}id") for entry in atom.findall(f"{ATOM}entry")]
    assert len(links) >= 6
    _all_on_base(links)


def test_sitemap_locations_start_with_the_base_url(client, configured, make_physician):
    """Every <loc> in sitemap.xml."""
    BlogPostPageFactory(parent=configured["blog"], author=make_physician())
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) >= 4
    _all_on_base(locations)


def test_review_workflow_emails_link_to_the_base_url(configured, make_physician, compliance_user):
    """The emails a review sends (to reviewers, to the author on approval) link to the portal."""
    author, peer = make_physician(), make_physician()
    post = BlogPostPageFactory.build(author=author, owner=author.user, live=False, slug="mailed")
    configured["blog"].add_child(instance=post)
    post.save_revision(user=author.user)
    mail.outbox.clear()
    post.get_workflow().start(post, author.user)
    for reviewer in (peer.user, compliance_user):
        post.refresh_from_db()
        state = post.current_workflow_state.current_task_state
        state.task.specific.on_action(state, reviewer, "approve")
    bodies = [m.body for m in mail.outbox] + [
        alt[0] for m in mail.outbox for alt in getattr(m, "alternatives", [])
    ]
    approved = [m for m in mail.outbox if "approved" in m.subject.lower()]
    assert approved, [m.subject for m in mail.outbox]
    _all_on_base([url for body in bodies for url in URL.findall(body)])


def test_a_syndicated_posts_tracked_link_starts_with_the_base_url(
    configured, editor_and_vetted_page
):
    """The UTM link each channel posts leads to the portal's public address."""
    from syndication.factories import ChannelFactory
    from syndication.models import Platform
    from syndication.services import post_compose

    editor, page = editor_and_vetted_page
    channel = ChannelFactory(name="Mastodon", platform=Platform.MASTODON)
    post = post_compose(source=page, actor=editor, channels=[channel])
    delivery = post.deliveries.get()
    assert post.page_url == BASE + page.url
    assert delivery.link.startswith(BASE + page.url + "?")
    assert "utm_source=mastodon" in delivery.link


@pytest.fixture
def editor_and_vetted_page(configured, make_physician, compliance_user):
    from education.factories import EducationIndexPageFactory
    from portal.accounts.roles import Role
    from tests.education.conftest import draft_page, publish_through_review
    from tests.factories import UserFactory
    from tests.fixtures_people import with_mfa

    editor = with_mfa(UserFactory(email="editor-links@example.test", roles=[Role.EDITOR]))
    library = EducationIndexPageFactory(parent=configured["home"])
    page = draft_page(library, editor, title="Linked page")
    page.conditions.set([ConditionFactory()])
    physician = make_physician()
    page = publish_through_review(
        page, author=editor, physician=physician.user, compliance=compliance_user
    )
    return editor, page


# --- The system check -------------------------------------------------------------------


def _ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost", "http://a.localhost"])
def test_check_warns_when_production_links_to_a_local_address(settings, url):
    """DEBUG off and PORTAL_BASE_URL local: core.W001."""
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = url
    assert _ids(base_url_is_public()) == ["core.W001"]


def test_check_is_quiet_for_a_public_address_or_in_development(settings):
    """A public base URL, or DEBUG on (a laptop), raises nothing."""
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = BASE
    assert base_url_is_public() == []
    settings.DEBUG = True
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    assert base_url_is_public() == []


def test_check_warns_when_the_site_is_local_or_differs_from_the_base_url(settings, site_pages):
    """A localhost Site, or one that is not PORTAL_BASE_URL: core.W002; synced: quiet."""
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = BASE
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    assert _ids(default_site_matches_base_url()) == ["core.W002"]
    Site.objects.filter(is_default_site=True).update(hostname="other.example.org", port=443)
    assert _ids(default_site_matches_base_url()) == ["core.W002"]
    site_sync_default()
    assert default_site_matches_base_url() == []
    settings.DEBUG = True
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    assert default_site_matches_base_url() == []
