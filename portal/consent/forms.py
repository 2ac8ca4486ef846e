from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from portal.consent.models import PolicyDocument
from portal.core.submissions import SubmissionTokenMixin


def acceptance_field_name(document: PolicyDocument) -> str:
    return f"accept_{document.kind}"


def acceptance_field(document: PolicyDocument) -> forms.BooleanField:
    """A required checkbox for one document, labelled with a link to its text."""
    link = reverse("policy_document_version", args=[document.kind, document.version])
    return forms.BooleanField(
        required=True,
        label=format_html(
            'I accept the <a href="{}" target="_blank" rel="noopener">{}</a> (version {})',
            link,
            document.get_kind_display().lower(),
            document.version,
        ),
        error_messages={
            "required": f"Please accept the {document.get_kind_display().lower()} to go on."
        },
    )


class PolicyAcceptForm(SubmissionTokenMixin, forms.Form):
    submission_purpose = "consent.accept"

    def __init__(self, *args, documents: list[PolicyDocument], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        for document in documents:
            self.fields[acceptance_field_name(document)] = acceptance_field(document)
