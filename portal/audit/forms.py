from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone


class AuditFilterForm(forms.Form):
    since = forms.DateField(
        required=False, label="From (inclusive)", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To (inclusive)", widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.CharField(required=False, max_length=64, label="Action starts with")
    actor = forms.CharField(
        required=False,
        max_length=254,
        label="Actor (email or user id)",
        help_text="Part of the actor's email, or their user id.",
    )
    target_type = forms.CharField(
        required=False,
        max_length=100,
        label="Object type",
        help_text="For example accounts.user or physicians.blogpost.",
    )
    target = forms.CharField(
        required=False,
        max_length=255,
        label="Object (id, name or email)",
        help_text="The object's id, part of its name, or part of a user's email.",
    )
    ip = forms.GenericIPAddressField(
        required=False,
        label="IP address",
        unpack_ipv4=True,
        error_messages={"invalid": "Enter a valid IPv4 or IPv6 address, such as 203.0.113.7."},
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return cleaned

    def filters(self) -> dict:
        """Keyword arguments for ``audit_events`` (only call on a valid form)."""
        data = self.cleaned_data
        return {
            "since": _start_of(data["since"]) if data.get("since") else None,
            "until": _start_of(data["until"]) + timedelta(days=1) if data.get("until") else None,
            "action_prefix": data.get("action") or "",
            "actor": (data.get("actor") or "").strip(),
            "target_type": (data.get("target_type") or "").strip().lower(),
            "target": (data.get("target") or "").strip(),
            "ip_address": data.get("ip") or "",
        }


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
