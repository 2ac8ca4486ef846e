from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Wagtail 8's page editor writes inline <script> tags (page and image choosers, date
# pickers) and Draftail adds <style> elements: upstream wagtail/wagtail#1288 and #12940.
# The staff admin (behind MFA) therefore allows inline scripts and styles; every public
# page keeps the strict policy without 'unsafe-inline'.
ADMIN_PREFIX = "/admin/"
ADMIN_CSP_UPDATE = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}


class AdminCSPMiddleware:
    """Must sit after django-csp's CSPMiddleware, so its update is seen on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(ADMIN_PREFIX):
            response._csp_update = ADMIN_CSP_UPDATE
        return response
