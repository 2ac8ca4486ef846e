"""Only live, public posts and profiles appear in listings, feeds and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from physicians.factories import BlogPostPageFactory, PhysicianProfilePageFactory, SpecialtyFactory
from physicians.models import BlogPostPage
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _draft(blog, author, title: str) -> BlogPostPage:
    post = BlogPostPageFactory.build(title=title, slug=title.lower(), author=author, live=False)
    blog.add_child(instance=post)
    post.save_revision(user=author.user)
    return post


@pytest.fixture
def blog_world(site_pages, make_physician):
    """One live post plus a draft, a post in review, an unpublished and a private post,
    all sharing the same condition and tag, each with a canary title."""
    blog = site_pages["blog"]
    condition = ConditionFactory(name="Hypertension", slug="hypertension")
    author = make_physician(conditions=[condition])
    live = BlogPostPageFactory(
        parent=blog, author=author, title="Livecanary", conditions=[condition], tags=["bp"]
    )
    _draft(blog, author, "Draftcanary")
    in_review = _draft(blog, author, "Reviewcanary")
    in_review.get_workflow().start(in_review, author.user)
    unpublished = BlogPostPageFactory(parent=blog, author=author, title="Unpublishedcanary")
    unpublished.unpublish()
    private = BlogPostPageFactory(parent=blog, author=author, title="Privatecanary")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for post in BlogPostPage.objects.filter(title__endswith="canary"):
        post.conditions.set([condition])
        post.tags.add("bp")
        post.save()
    return {"blog": blog, "author": author, "live": live, "condition": condition}


HIDDEN = [b"Draftcanary", b"Reviewcanary", b"Unpublishedcanary", b"Privatecanary"]


def _urls(world) -> list[str]:
    blog, now = world["blog"], timezone.now()
    author, condition = world["author"], world["condition"]
    return [
        blog.url,
        f"{blog.url}tag/bp/",
        f"{blog.url}condition/{condition.slug}/",
        f"{blog.url}{now.year}/{now.month}/",
        f"{blog.url}feeds/rss/",
        f"{blog.url}feeds/atom/",
        f"{blog.url}feeds/physician/{author.slug}/rss/",
        f"{blog.url}feeds/condition/{condition.slug}/atom/",
        author.url,
        world["live"].url,
        "/sitemap.xml",
    ]


def test_hidden_posts_never_appear_anywhere(client, blog_world):
    """Listings, tag/condition/month pages, feeds, profile, related posts and sitemap."""
    for url in _urls(blog_world):
        response = client.get(url)
        assert response.status_code == 200, url
        for canary in HIDDEN:
            assert canary not in response.content, (url, canary)


def test_the_live_post_appears_in_every_listing(client, blog_world):
    """The same listings do show the live post."""
    for url in _urls(blog_world)[:8]:
        assert b"Livecanary" in client.get(url).content, url


def _parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own feed)


def test_rss_feed_is_valid_rss_2(client, blog_world):
    """RSS 2.0: channel with title and link, an item per live post with link and date."""
    root = _parse(client.get(f"{blog_world['blog'].url}feeds/rss/"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Livecanary"]
    assert items[0].findtext("link").endswith(blog_world["live"].url)
    assert items[0].findtext("pubDate")


def test_atom_feed_is_valid_atom(client, blog_world):
    """Atom 1.0: feed id, title, updated, and entries with id, link and author."""
    root = _parse(client.get(f"{blog_world['blog'].url}feeds/atom/"))
    assert root.tag == f"{ATOM}feed"
    for field in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{field}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Livecanary"]
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text.startswith("Dr Demo Physician")


def test_unknown_feed_format_is_a_404(client, blog_world):
    """Only rss and atom exist."""
    assert client.get(f"{blog_world['blog'].url}feeds/json/").status_code == 404
    assert client.get(f"{blog_world['blog'].url}2026/13/").status_code == 404
    assert client.get(f"{blog_world['blog'].url}tag/no-such-tag/").status_code == 404


def test_posts_are_newest_first_and_paginated(client, site_pages, make_physician):
    """Eleven posts: page one has ten, newest first; page two has the oldest."""
    author = make_physician()
    for index in range(11):
        post = BlogPostPageFactory(parent=site_pages["blog"], author=author, title=f"P{index:02}")
        post.first_published_at = timezone.now() - timezone.timedelta(days=20 - index)
        post.save()
    first = client.get(site_pages["blog"].url).content.decode()
    assert first.index("P10") < first.index("P09")
    assert "P00" not in first
    assert "P00" in client.get(site_pages["blog"].url + "?page=2").content.decode()


def test_directory_filters_by_specialty_and_condition(client, site_pages, make_physician):
    """Filters narrow the list; unknown filter values show everyone rather than failing."""
    cardiology = SpecialtyFactory(name="Cardiology", slug="cardiology")
    asthma = ConditionFactory(name="Asthma", slug="asthma")
    make_physician(title="Dr Heart", specialties=[cardiology])
    make_physician(title="Dr Lung", conditions=[asthma])
    url = site_pages["directory"].url
    by_specialty = client.get(url, {"specialty": "cardiology"}).content
    assert b"Dr Heart" in by_specialty and b"Dr Lung" not in by_specialty
    by_condition = client.get(url, {"condition": "asthma"}).content
    assert b"Dr Lung" in by_condition and b"Dr Heart" not in by_condition
    unknown = client.get(url, {"specialty": "no-such"})
    assert unknown.status_code == 200
    assert b'<label for="id_specialty">Specialty</label>' in unknown.content


def test_directory_hides_draft_and_private_profiles(client, site_pages, make_physician):
    """Unpublished and restricted profiles are not listed."""
    make_physician(title="Dr Visible")
    hidden = make_physician(title="Dr Hidden")
    hidden.unpublish()
    private = make_physician(title="Dr Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    content = client.get(site_pages["directory"].url).content
    assert b"Dr Visible" in content
    assert b"Dr Hidden" not in content and b"Dr Private" not in content


def test_byline_shows_name_credentials_and_links_to_the_profile(client, site_pages, make_physician):
    """The post names its author with credentials and links to their profile."""
    author = make_physician(title="Dr Byline", credentials=["MD", "MPH"])
    post = BlogPostPageFactory(parent=site_pages["blog"], author=author)
    content = client.get(post.url).content.decode()
    assert f'href="{author.url}">Dr Byline, MD, MPH</a>' in content
    assert "not medical advice" in content


def test_verified_badge_follows_verification(client, site_pages, make_physician):
    """Verified physicians show the badge in the directory; unverified ones do not."""
    make_physician(title="Dr Checked")
    make_physician(title="Dr Unchecked", verified=False)
    content = client.get(site_pages["directory"].url).content.decode()
    checked = content[content.index("Dr Checked") :]
    unchecked = content[content.index("Dr Unchecked") :]
    assert "Verified physician" in checked.split("</li>")[0]
    assert "Verified physician" not in unchecked.split("</li>")[0]


def test_profile_lists_unverified_physician_without_badge(client, site_pages):
    """A profile page of an unverified physician renders without the badge."""
    profile = PhysicianProfilePageFactory(parent=site_pages["directory"], title="Dr Plain")
    content = client.get(profile.url).content
    assert b"Dr Plain" in content and b"Verified physician" not in content
