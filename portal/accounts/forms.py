from allauth.account.forms import SignupForm
from django import forms

from portal.accounts.emails import password_hash_discarded
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
    """allauth's sign-up form plus a required checkbox per current policy document. A
    sign-up for an address that already has an account hashes the password too (and
    throws it away), so both paths do the same slow work."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.policy_documents = current_documents()
        for document in self.policy_documents:
            self.fields[acceptance_field_name(document)] = acceptance_field(document)

    @property
    def accepted_document_ids(self) -> list[int]:
        return [document.pk for document in self.policy_documents]

    def try_save(self, request):
        if self.account_already_exists:
            password_hash_discarded(password=self.cleaned_data.get("password1") or "")
        return super().try_save(request)
