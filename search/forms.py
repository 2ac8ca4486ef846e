from __future__ import annotations

from django import forms

from search.backends.base import SORT_DATE, SORT_RELEVANCE
from search.models import DocumentKind
from search.text import MAX_QUERY_LENGTH, normalise_query

MAX_PAGE = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        error_messages={
            "max_length": f"Please shorten your search to {MAX_QUERY_LENGTH} characters or fewer."
        },
    )
    type = forms.ChoiceField(choices=[("", "All"), *DocumentKind.choices], required=False)
    condition = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    sort = forms.ChoiceField(
        choices=[(SORT_RELEVANCE, "Relevance"), (SORT_DATE, "Newest first")], required=False
    )
    page = forms.IntegerField(
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        error_messages={
            "max_value": f"Results stop at page {MAX_PAGE}: please refine your search."
        },
    )

    def clean_q(self) -> str:
        """Words only: query syntax (quotes, operators, fields) is never interpreted."""
        return normalise_query(self.cleaned_data["q"])


class SuggestForm(forms.Form):
    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)
