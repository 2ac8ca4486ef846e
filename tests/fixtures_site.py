"""Helpers to build a minimal Wagtail site in tests (never from demo data)."""

from __future__ import annotations

from wagtail.models import Page, Site

from portal.core.sites import site_address
from portal.core.urls import base_url
from portal.home.models import HomePage


def make_home_page(**fields) -> HomePage:
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Home", slug="home", **fields)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    address = site_address(base_url())  # PORTAL_BASE_URL, as `manage.py sync_site` sets it
    Site.objects.create(
        hostname=address.hostname, port=address.port, root_page=home, is_default_site=True
    )
    return home


def add_simple_page(parent, title: str, *, live: bool = True) -> Page:
    """A plain child page (an EducationIndexPage: no required fields), live or draft."""
    from education.models import EducationIndexPage

    page = EducationIndexPage(title=title, slug=title.lower().replace(" ", "-"))
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page
