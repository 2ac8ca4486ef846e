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
        }


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
