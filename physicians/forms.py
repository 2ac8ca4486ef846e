from __future__ import annotations

from django import forms

from physicians.models import Specialty, VerificationCheck, VerificationSource
from physicians.services import VerificationEvidence
from physicians.states import US_LICENSING_STATES
from portal.taxonomy.models import Condition


class ConditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class DirectoryFilterForm(forms.Form):
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Any specialty",
    )
    condition = ConditionChoiceField(
        queryset=Condition.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Any condition",
    )


class VerificationForm(forms.Form):
    """The evidence an administrator records when verifying a physician (all required)."""

    checks = forms.MultipleChoiceField(
        label="What you checked",
        choices=VerificationCheck.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="All three are needed to verify.",
    )
    licence_state = forms.ChoiceField(
        label="Licence state", choices=[("", "Choose a state"), *US_LICENSING_STATES]
    )
    source = forms.ChoiceField(
        label="Where you checked", choices=[("", "Choose a source"), *VerificationSource.choices]
    )
    note = forms.CharField(
        label="Note",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you saw, e.g. licence number and expiry date. No patient information.",
    )

    def evidence(self) -> VerificationEvidence:
        data = self.cleaned_data
        return VerificationEvidence(
            checks=tuple(data["checks"]),
            licence_state=data["licence_state"],
            source=data["source"],
            note=data["note"],
        )
