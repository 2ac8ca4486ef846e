from django import forms

from forums.display_names import MAX_LENGTH
from portal.core.submissions import SubmissionTokenMixin


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label="Your name in support groups",
        max_length=MAX_LENGTH * 2,
        help_text="A pseudonym others will see. Do not use your real name, email or phone.",
    )


class JoinForm(SubmissionTokenMixin, forms.Form):
    submission_purpose = "forums.join"

    display_name = forms.CharField(
        label="Your name in support groups",
        required=False,
        max_length=MAX_LENGTH * 2,
        help_text="A pseudonym others will see. Do not use your real name, email or phone.",
    )
    accept_guidelines = forms.BooleanField(
        label="I have read and accept the community guidelines",
        required=True,
        error_messages={"required": "Please read and accept the community guidelines."},
    )
    guidelines_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GuidelinesForm(forms.Form):
    accept_guidelines = forms.BooleanField(
        label="I have read and accept the updated community guidelines",
        error_messages={"required": "Please tick the box to accept the guidelines."},
    )
    guidelines_version = forms.IntegerField(widget=forms.HiddenInput)
