"""Physicians edit only their own profile and posts, in every admin URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from physicians.factories import BlogPostPageFactory
from physicians.models import BlogPostPage, PhysicianProfilePage
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


def _edit_urls(page, other_parent) -> list[str]:
    """Every admin URL that changes ``page`` (or its place, privacy, lock or revisions)."""
    revision = page.get_latest_revision()
    pid = page.pk
    return [
        reverse("wagtailadmin_pages:edit", args=[pid]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[pid]),
        reverse("wagtailadmin_pages:delete", args=[pid]),
        reverse("wagtailadmin_pages:unpublish", args=[pid]),
        reverse("wagtailadmin_pages:convert_alias", args=[pid]),
        reverse("wagtailadmin_pages:move", args=[pid]),
        reverse("wagtailadmin_pages:move_confirm", args=[pid, other_parent.pk]),
        reverse("wagtailadmin_pages:set_page_position", args=[pid]),
        reverse("wagtailadmin_pages:copy", args=[pid]),
        reverse("wagtailadmin_pages:set_privacy", args=[pid]),
        reverse("wagtailadmin_pages:lock", args=[pid]),
        reverse("wagtailadmin_pages:unlock", args=[pid]),
        reverse("wagtailadmin_pages:add_subpage", args=[pid]),
        reverse("wagtailadmin_pages:revisions_revert", args=[pid, revision.pk]),
        reverse("wagtailadmin_pages:revisions_unschedule", args=[pid, revision.pk]),
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[pid]),
    ]


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    try:
        assert_denied(response)
    except AssertionError:
        return False
    return True


@pytest.fixture
def two_physicians(site_pages, make_physician):
    a, b = make_physician(), make_physician()
    post_b = BlogPostPageFactory(parent=site_pages["blog"], author=b)
    post_b.save_revision(user=b.user)
    return {"a": a, "b": b, "post_b": post_b, "site": site_pages}


@pytest.mark.parametrize("target", ["profile", "post"])
def test_physician_a_is_refused_on_every_url_that_edits_bs_pages(client, two_physicians, target):
    """GET and POST on each editing URL of B's profile or post: a permission error."""
    a, b = two_physicians["a"], two_physicians["b"]
    page = b if target == "profile" else two_physicians["post_b"]
    before = (page.title, page.live, page.get_latest_revision().pk)
    client.force_login(a.user)
    failures = []
    for url in _edit_urls(page, two_physicians["site"]["home"]):
        for method in (client.get, client.post):
            response = method(url, {"title": "Hijacked", "slug": "hijacked"})
            if not _refused(response):
                failures.append(f"{method.__name__.upper()} {url} -> {response.status_code}")
    assert not failures, "Not refused:\n" + "\n".join(failures)
    page.refresh_from_db()
    assert (page.title, page.live, page.get_latest_revision().pk) == before


def test_physicians_can_edit_their_own_profile_and_posts(client, two_physicians):
    """The owner rule lets B open the editor for B's own pages."""
    b = two_physicians["b"]
    client.force_login(b.user)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[b.pk])).status_code == 200
    post = two_physicians["post_b"]
    assert client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).status_code == 200


def test_a_physician_cannot_write_a_post_as_someone_else(client, two_physicians):
    """The author field offers only the physician's own profile; forging it is refused."""
    a, b, blog = two_physicians["a"], two_physicians["b"], two_physicians["site"]["blog"]
    client.force_login(a.user)
    url = reverse("wagtailadmin_pages:add", args=["physicians", "blogpostpage", blog.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert f'value="{b.pk}"'.encode() not in form.content
    response = client.post(
        url,
        {
            "title": "Forged",
            "slug": "forged",
            "author": b.pk,
            "summary": "x",
            "body-count": "0",
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert not BlogPostPage.objects.filter(slug="forged").exists()


def test_a_physician_cannot_create_a_second_profile(client, two_physicians):
    """One profile per physician, created by themselves."""
    a, directory = two_physicians["a"], two_physicians["site"]["directory"]
    client.force_login(a.user)
    url = reverse(
        "wagtailadmin_pages:add", args=["physicians", "physicianprofilepage", directory.pk]
    )
    assert _refused(client.get(url))
    assert PhysicianProfilePage.objects.filter(user=a.user).count() == 1


@pytest.mark.parametrize(
    ("app", "model"), [("physicians", "blogindexpage"), ("education", "educationindexpage")]
)
def test_physicians_cannot_create_other_page_types(client, two_physicians, app, model):
    """Only profiles and posts, whatever their page permissions would otherwise allow."""
    client.force_login(two_physicians["a"].user)
    home = two_physicians["site"]["home"]
    assert _refused(client.get(reverse("wagtailadmin_pages:add", args=[app, model, home.pk])))


def test_nobody_gets_a_publish_button_on_a_post(client, two_physicians, admin_user):
    """The editor offers 'submit for review', never 'publish', even to administrators."""
    post = two_physicians["post_b"]
    client.force_login(admin_user)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content
    assert b'name="action-publish"' not in content
    assert b"action-submit" in content
