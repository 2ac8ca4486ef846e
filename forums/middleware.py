from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from machina.core.loading import get_class


class ForumPermissionMiddleware:
    """machina's ForumPermissionMiddleware without its anonymous session key.

    machina stores a random key in the session of every anonymous visitor on every request,
    so each anonymous page view, on any page of the site, wrote a session row and set a cookie
    (a database write per request, and pages no cache could share). Anonymous visitors cannot
    post or vote here, so the key is not needed; machina copes with its absence.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.handler_class = get_class("forum_permission.handler", "PermissionHandler")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.forum_permission_handler = self.handler_class()
        return self.get_response(request)
