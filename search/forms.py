from django import forms

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
        query = self.cleaned_data["q"]
        if "\x00" in query:
            raise forms.ValidationError("Your search contains characters we cannot search for.")
        return query
