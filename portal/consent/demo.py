"""Demo policy documents (version 1 of each, plainly demo text), accepted by the demo people
so their logins go straight through; a new sign-up accepts them on the form."""

from __future__ import annotations

from portal.accounts.models import User
from portal.consent.models import PolicyAcceptance, PolicyDocument, PolicyKind
from portal.consent.services import policy_publish

DEMO_TEXT = {
    PolicyKind.TERMS: (
        "Terms of use (demo)",
        "Demo text: the first version of the demo terms of use.",
        "Demo text: these are not real terms. A hospital deploying the portal publishes its "
        "own terms of use here.",
    ),
    PolicyKind.PRIVACY: (
        "Privacy notice (demo)",
        "Demo text: the first version of the demo privacy notice.",
        "Demo text: this is not a real privacy notice. A hospital deploying the portal "
        "publishes its own notice here, saying what it collects, why, and for how long.",
    ),
}


def load_consent_demo(*, email_domain: str = "@demo.test") -> int:
    for kind, (title, summary, body) in DEMO_TEXT.items():
        if not PolicyDocument.objects.filter(kind=kind).exists():
            policy_publish(kind=kind, title=title, summary=summary, body=body)
    documents = list(PolicyDocument.objects.filter(version=1))
    for user in User.objects.filter(email__endswith=email_domain):
        for document in documents:
            PolicyAcceptance.objects.get_or_create(user=user, document=document)
    return len(documents)
