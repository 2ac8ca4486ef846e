from __future__ import annotations

from django import forms

from physicians.models import Specialty
from portal.taxonomy.models import Condition


class DirectoryFilterForm(forms.Form):
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Any specialty",
    )
    condition = forms.ModelChoiceField(
        queryset=Condition.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Any condition",
    )
