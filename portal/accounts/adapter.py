from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from portal.accounts.roles import Role
from portal.accounts.services import role_grant
from portal.audit.services import audit_record
from portal.core.redirects import is_safe_next


class PortalAccountAdapter(DefaultAccountAdapter):
    """Portal behaviour around allauth: new users are Patients; throttled logins are audited."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.PATIENT, actor=None, via="signup")
        return user

    def is_safe_url(self, url) -> bool:
        """allauth's next after sign-in, sign-up and sign-out: this site's paths only."""
        return is_safe_next(self.request, url)

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            audit_record(
                action="auth.login_throttled",
                actor=None,
                data={"login": credentials.get("email", "")},
                request=request,
            )
            raise
