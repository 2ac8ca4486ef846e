import re

from django import forms

WORD = re.compile("\\w+(?:['\u2019]\\w+)*")  # words, with inner apostrophes

MAX_QUERY_LENGTH = 256


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
    page = forms.IntegerField(min_value=1, required=False)

    def clean_q(self) -> str:
        """Words only: query syntax (quotes, operators, fields) is never interpreted."""
        return " ".join(WORD.findall(self.cleaned_data["q"]))
