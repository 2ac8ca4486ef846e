from __future__ import annotations

from datetime import timedelta

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from forums.moderation.models import (
    RISK_DESCRIPTIONS,
    ReportCategory,
    RiskFactor,
    RiskLevel,
    SanctionKind,
)
from forums.moderation.selectors import approved_concern_templates
from forums.moderation.services import OUTCOME_NOTE_MESSAGE, message_template_save
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


class OutcomeNoteMixin:
    """A crisis item's decision forms carry an outcome note, required for crisis items
    (``crisis=True``); the services refuse without one too."""

    def __init__(self, *args, crisis: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.crisis = crisis
        self.fields["outcome_note"] = forms.CharField(
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            label="Outcome note (moderators only)" + (", required" if crisis else ""),
            help_text="What you did (message of concern, escalation, no risk found) and why.",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["outcome_note"] = (cleaned.get("outcome_note") or "").strip()
        if self.crisis and not cleaned["outcome_note"]:
            self.add_error("outcome_note", OUTCOME_NOTE_MESSAGE)
        return cleaned


class ApproveForm(OutcomeNoteMixin, forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "approve_%s")  # beside the reject form on one page
        super().__init__(*args, **kwargs)


class RejectForm(OutcomeNoteMixin, forms.Form):
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
    approval_note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Outcome note, if you approve a crisis item",
    )


def _risk_choice(value: int, label: str) -> tuple[int, str]:
    return value, f"{label}: {RISK_DESCRIPTIONS[RiskLevel(value)]}"


class RiskForm(forms.Form):
    level = forms.TypedChoiceField(
        coerce=int,
        choices=[_risk_choice(value, label) for value, label in RiskLevel.choices],
        widget=forms.RadioSelect,
        label="Risk level",
    )
    factors = forms.MultipleChoiceField(
        required=False,
        choices=RiskFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What the post shows",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why (moderators only)",
    )


class ConcernForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=approved_concern_templates(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Approved message",
        help_text="Sent privately on the site and by email, with the crisis resources. It "
        "never quotes the post.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].label_from_instance = lambda template: (
            f"{template.name} ({template.get_language_display()}): {template.subject}"
        )


class MessageTemplateAdminForm(WagtailAdminModelForm):
    """The admin form of a message template: changed wording withdraws its approval; only
    those allowed to approve templates see the approval box enabled."""

    approve = forms.BooleanField(
        required=False,
        label="Approve this wording for sending",
        help_text="Only clinical leads and administrators may approve. Changing the subject "
        "or the text withdraws the approval.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or not user.has_perm("moderation.approve_messagetemplate"):
            self.fields["approve"].disabled = True

    def save(self, commit: bool = True):
        template = super().save(commit=False)
        if not commit:
            return template
        return message_template_save(
            template=template,
            editor=self.for_user,
            changed=list(self.changed_data),
            approve=bool(self.cleaned_data.get("approve")),
        )


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
