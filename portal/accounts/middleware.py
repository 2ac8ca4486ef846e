from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from portal.accounts.selectors import user_has_mfa, user_requires_mfa


class StaffMFARequiredMiddleware:
    """Staff must set up MFA before any staff screen (Wagtail admin, moderation) is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                "Staff accounts must use two-factor authentication. "
                "Set up an authenticator app to continue.",
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _must_set_up_mfa(request: HttpRequest) -> bool:
        path = request.path_info
        if not any(
            path.startswith(prefix) for prefix in settings.PORTAL_MFA_REQUIRED_PATH_PREFIXES
        ):
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        return user_requires_mfa(user=user) and not user_has_mfa(user=user)
