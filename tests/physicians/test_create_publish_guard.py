"""Regression: an administrator cannot publish a new post (or education page) from the
create page; it can only be submitted to review, under the right workflow name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from education.factories import EducationIndexPageFactory
from education.models import EducationPage
from physicians.models import BlogPostPage

pytestmark = pytest.mark.django_db


def _post_data(author_pk: int) -> dict:
    return {
        "title": "Unreviewed",
        "slug": "unreviewed",
        "author": author_pk,
        "summary": "x",
        "body-count": "1",
        "body-0-type": "rich_text",
        "body-0-value": '{"blocks":[{"key":"a","text":"Text.","type":"unstyled",'
        '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "body-0-deleted": "",
        "body-0-order": "0",
        "tags": "",
        "action-publish": "action-publish",
    }


def test_create_page_offers_no_publish_and_names_the_review_workflow(
    client, site_pages, admin_user
):
    """The create page offers 'Submit to Clinical and compliance review', never 'Publish'."""
    client.force_login(admin_user)
    blog = site_pages["blog"]
    url = reverse("wagtailadmin_pages:add", args=["physicians", "blogpostpage", blog.pk])
    content = client.get(url).content.decode()
    assert 'name="action-publish"' not in content
    assert "Submit to Clinical and compliance review" in content


def test_publishing_a_new_post_from_the_create_page_is_refused(
    client, site_pages, admin_user, make_physician
):
    """A forged publish request creates nothing live."""
    author = make_physician()
    client.force_login(admin_user)
    blog = site_pages["blog"]
    url = reverse("wagtailadmin_pages:add", args=["physicians", "blogpostpage", blog.pk])
    client.post(url, _post_data(author.pk))
    assert not BlogPostPage.objects.filter(slug="unreviewed", live=True).exists()


def test_education_create_page_offers_no_publish(client, site_pages, admin_user):
    """The same holds in the education library."""
    library = EducationIndexPageFactory(parent=site_pages["home"])
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["education", "educationpage", library.pk])
    content = client.get(url).content.decode()
    assert 'name="action-publish"' not in content
    assert "Submit to Clinical and compliance review" in content
    client.post(url, {"title": "Unreviewed", "slug": "unreviewed", "action-publish": "1"})
    assert not EducationPage.objects.filter(live=True).exists()
