from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from django import forms
from django.contrib.sites.shortcuts import get_current_site

from portal.accounts.emails import email_to_data
from portal.accounts.roles import Role
from portal.accounts.services import role_grant
from portal.accounts.tasks import send_account_email_task
from portal.audit.services import audit_record
from portal.consent.services import policies_accept
from portal.core.redirects import is_safe_next


class PortalAccountAdapter(DefaultAccountAdapter):
    """Portal behaviour around allauth: new users are Patients; throttled logins are audited;
    account emails are rendered here and sent by the task worker."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.PATIENT, actor=None, via="signup")
            document_ids = getattr(form, "accepted_document_ids", [])
            if document_ids:
                policies_accept(user=user, document_ids=document_ids)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's ``send_mail`` with the sending queued: a sign-up for a known address
        and one for a new address then both end with one queued email, not one SMTP
        conversation each of a different length."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        send_account_email_task.enqueue(email_to_data(message))

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

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Someone who logged in moments ago (within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``) is
        not asked for their password again, e.g. before setting up MFA right after login."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not authenticated_recently(self.request)


def authenticated_recently(request) -> bool:
    """Whether this session's person logged in (or re-authenticated) within the timeout."""
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    newest = max(record.get("at", 0) for record in records)
    return time.time() - newest < account_settings.REAUTHENTICATION_TIMEOUT
