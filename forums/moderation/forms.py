from __future__ import annotations

from datetime import timedelta

from django import forms

from forums.moderation.models import ReportCategory, SanctionKind
from portal.core.submissions import SubmissionTokenMixin

REJECT_REASONS = [
    (
        "Your post shared personal information that could identify you or someone else.",
        "Personal information",
    ),
    ("Your post gave medical advice or claims that could harm others.", "Medical misinformation"),
    ("Your post was unkind to other members.", "Harassment"),
    ("Your post looked like advertising or spam.", "Spam"),
]


class ReportForm(SubmissionTokenMixin, forms.Form):
    submission_purpose = "moderation.report"

    category = forms.ChoiceField(
        choices=ReportCategory.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything the moderators should know",
        help_text="The author will not learn who reported the post.",
    )


class RejectForm(forms.Form):
    preset = forms.ChoiceField(
        required=False, choices=[("", "Write my own reason"), *REJECT_REASONS], label="Reason"
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason sent to the member",
        help_text="Sent by email without the post's text.",
    )

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip() or cleaned.get("preset") or ""
        if not reason:
            self.add_error("reason", "Give the member a reason.")
        cleaned["reason"] = reason
        return cleaned


class RedactForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Redacted text")
    approve = forms.BooleanField(required=False, label="Approve the post after redacting")


class SlowModeForm(forms.Form):
    minutes = forms.IntegerField(
        min_value=0, max_value=7 * 24 * 60, label="Slow mode (minutes between posts; 0 = off)"
    )


DURATIONS = [
    ("", "Until lifted"),
    ("1", "1 day"),
    ("3", "3 days"),
    ("7", "7 days"),
    ("30", "30 days"),
]


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(choices=SanctionKind.choices, label="Sanction")
    duration = forms.ChoiceField(choices=DURATIONS, required=False, label="For")
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason (shown to the member)",
    )

    def clean_duration(self) -> timedelta | None:
        days = self.cleaned_data.get("duration")
        return timedelta(days=int(days)) if days else None


class NoteForm(forms.Form):
    body = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Private note"
    )
