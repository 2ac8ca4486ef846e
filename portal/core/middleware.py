from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Wagtail 8's page editor writes inline <script> tags (page and image choosers, date
# pickers) and Draftail adds <style> elements: upstream wagtail/wagtail#1288 and #12940.
# The staff admin (behind MFA) therefore allows inline scripts and styles; every public
# page keeps the strict policy without 'unsafe-inline'.
ADMIN_PREFIX = "/admin/"
# Its multiple upload screens show each chosen file's thumbnail from a blob: URL.
ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
# Wagtail's preview panel shows the preview in a same-origin iframe. Wagtail marks exactly
# the responses meant for it (page and snippet previews, StreamField block previews) with
# ``X-Frame-Options: SAMEORIGIN`` (``xframe_options_sameorigin_override``); only those may be
# framed, and only by the portal itself. Everything else keeps ``'none'`` and ``DENY``.
# Wagtail renders the preview through the whole middleware stack as a request for the page's
# own URL, so the preview already carries the public page's policy: only its
# frame-ancestors changes.
PREVIEW_FRAME_OPTIONS = "SAMEORIGIN"
PREVIEW_FRAME_ANCESTORS = "frame-ancestors 'self'"
CSP_HEADER = "Content-Security-Policy"


def is_admin_preview(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.path_info.startswith(ADMIN_PREFIX)
        and request.method == "GET"
        and response.get("X-Frame-Options") == PREVIEW_FRAME_OPTIONS
    )


class AdminCSPMiddleware:
    """Must sit after django-csp's CSPMiddleware, so its update is seen on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(ADMIN_PREFIX):
            response._csp_update = ADMIN_CSP_UPDATE
        if is_admin_preview(request, response):
            allow_framing_by_self(response)
        return response


def allow_framing_by_self(response: HttpResponse) -> None:
    """Set ``frame-ancestors 'self'`` in the response's policy (or in the one django-csp
    writes next, when the response has none yet)."""
    policy = response.get(CSP_HEADER)
    if policy is None:
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        return
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if not part.startswith("frame-ancestors")]
    response[CSP_HEADER] = "; ".join([*kept, PREVIEW_FRAME_ANCESTORS])
