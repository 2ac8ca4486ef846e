from django import forms

from forums.display_names import MAX_LENGTH


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label="Your name in support groups",
        max_length=MAX_LENGTH * 2,
        help_text="A pseudonym others will see. Do not use your real name, email or phone.",
    )
