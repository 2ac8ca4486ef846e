from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from accounthub.selectors import pending_deletion


class AccountDeletionMiddleware:
    """``request.account_deletion``: the person's pending deletion (for the banner with its
    Undo button), looked up only when a page shows it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.account_deletion = SimpleLazyObject(
            lambda: pending_deletion(user=getattr(request, "user", None))
        )
        return self.get_response(request)
