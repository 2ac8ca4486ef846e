"""allauth's MFA set-up, keeping the page the person asked for (``next``).

The staff MFA gate sends people to TOTP set-up with ``?next=<the staff page>``. allauth
then shows the new recovery codes (or the MFA overview) and forgets ``next``; these
subclasses carry it through and offer a "Continue" link, for a same-host path only.

Setting up TOTP means typing a code from the new authenticator: the session records it as
an "mfa" authentication step, as allauth does at login, so staff privileges apply at once.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_path(request: HttpRequest) -> str:
    """``next`` from the query or form when it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return ""


class PortalActivateTOTPView(ActivateTOTPView):
    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        # allauth's own recorder (internal module): the same record a login's MFA stage makes.
        record_authentication(self.request, user, "mfa", id=totp.pk, type=totp.type)
        return response

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["next_path"] = safe_next_path(self.request)
        return context

    def get_success_url(self) -> str:
        next_path = safe_next_path(self.request)
        if self.did_generate_recovery_codes:
            url = reverse("mfa_view_recovery_codes")
            return f"{url}?{urlencode({'next': next_path})}" if next_path else url
        return next_path or reverse("mfa_index")


class PortalViewRecoveryCodesView(ViewRecoveryCodesView):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["next_path"] = safe_next_path(self.request)
        return context


activate_totp = PortalActivateTOTPView.as_view()
view_recovery_codes = PortalViewRecoveryCodesView.as_view()
