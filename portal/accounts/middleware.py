from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from portal.accounts.privileges import (
    VERDICT_ATTRIBUTE,
    staff_privileges_active,
    user_has_mfa,
    user_requires_mfa,
)


def _with_verdict(user, request: HttpRequest):
    """Decide once whether this request's user may use their staff privileges; without them
    a superuser's flags read False for the rest of the request (``User.save`` keeps them)."""
    if not user.is_authenticated:
        return user
    active = staff_privileges_active(user=user, request=request)
    setattr(user, VERDICT_ATTRIBUTE, active)
    if not active and (user.is_staff or user.is_superuser):
        user._paused_flags = (user.is_staff, user.is_superuser)
        user.is_staff = user.is_superuser = False
    return user


class StaffPrivilegesMiddleware:
    """Staff privileges need a second factor in this session; without one, a patient's
    rights everywhere (machina, Wagtail and Django permissions all ask the user object)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(lambda: _with_verdict(get_user(request), request))
        return self.get_response(request)


class StaffMFARequiredMiddleware:
    """Staff screens (Wagtail admin, moderation) send staff without a second factor in this
    session to MFA set-up, or to confirm their authenticator when one is set up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._staff_screen_without_mfa(request):
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()})
        if user_has_mfa(user=request.user):
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        messages.warning(
            request,
            "Staff accounts must use two-factor authentication. "
            "Set up an authenticator app to continue.",
        )
        return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")

    @staticmethod
    def _staff_screen_without_mfa(request: HttpRequest) -> bool:
        path = request.path_info
        if not any(
            path.startswith(prefix) for prefix in settings.PORTAL_MFA_REQUIRED_PATH_PREFIXES
        ):
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        return user_requires_mfa(user=user) and not user.staff_privileges_active()
