"""Wagtail's preview panel is a same-origin iframe: only preview responses may be framed, and
only by the portal itself; every other response stays unframeable."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portal.home.models import HomePage

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    csp = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in csp.split(";"))


def _home_form(home) -> dict:
    return nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "hero_heading": "Framed preview",
            "hero_intro": "",
            "body": rich_text("<p>Synthetic.</p>"),
            "featured_items": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def test_the_preview_panel_response_may_be_framed_by_the_portal_only(
    client, site_pages, admin_user
):
    """The preview GET answers frame-ancestors 'self' and X-Frame-Options SAMEORIGIN."""
    home = HomePage.objects.get(pk=site_pages["home"].pk)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home.pk])
    assert client.post(url, _home_form(home)).json()["is_valid"] is True
    preview = client.get(url, {"in_preview_panel": "true"})
    assert preview.status_code == 200
    assert "Framed preview" in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert _directives(preview)["frame-ancestors"] == "'self'"


def test_everything_else_in_the_admin_and_the_site_stays_unframeable(
    client, site_pages, admin_user
):
    """The editor itself, the preview's POST, the dashboard and public pages: 'none', DENY."""
    home = site_pages["home"]
    client.force_login(admin_user)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[home.pk])
    responses = [
        client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])),
        client.post(preview_url, _home_form(home)),
        client.get(reverse("wagtailadmin_home")),
        client.get("/"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert _directives(response)["frame-ancestors"] == "'none'"


def test_a_same_origin_header_outside_the_admin_is_not_trusted(rf):
    """A public view that asks for SAMEORIGIN still gets frame-ancestors 'none' from us."""
    from django.http import HttpResponse

    from portal.core.middleware import AdminCSPMiddleware

    def view(request):
        response = HttpResponse("x")
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    response = AdminCSPMiddleware(view)(rf.get("/education/"))
    assert getattr(response, "_csp_replace", None) is None
