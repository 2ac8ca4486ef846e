from allauth.account.forms import SignupForm
from django import forms

from portal.accounts.roles import Role
from portal.consent.forms import acceptance_field, acceptance_field_name
from portal.consent.selectors import current_documents


class UserRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
    )


class PortalSignupForm(SignupForm):
    """allauth's sign-up form plus a required checkbox per current policy document."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.policy_documents = current_documents()
        for document in self.policy_documents:
            self.fields[acceptance_field_name(document)] = acceptance_field(document)

    @property
    def accepted_document_ids(self) -> list[int]:
        return [document.pk for document in self.policy_documents]
