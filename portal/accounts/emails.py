"""Account emails (verification, "you already have an account", password reset, security
notices) are rendered in the request and sent by the task worker: no request waits on the
mail server, so the time a sign-up takes does not tell whether its address has an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage, EmailMultiAlternatives


def email_to_data(message: EmailMessage) -> dict[str, Any]:
    """A rendered email as JSON-safe data for the task queue."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def email_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.content_subtype = data["content_subtype"]
    return message


def password_hash_discarded(*, password: str) -> None:
    """Hash ``password`` and throw the hash away, so that a sign-up for an address that
    already has an account costs what a new account's stored hash costs (Django's
    ``ModelBackend`` does the same for a login with an unknown name)."""
    make_password(password)
