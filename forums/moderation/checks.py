"""Deploy check: sanctioned members are told to write to the moderators' address, so a
production site must give one that reaches someone."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

DEFAULT_CONTACT = "moderators@localhost"


@checks.register(checks.Tags.security, deploy=True)
def moderation_contact(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    contact = settings.PORTAL_MODERATION_CONTACT_EMAIL
    if contact and "@" in contact and not contact.endswith("@localhost"):
        return []
    return [
        checks.Warning(
            f"PORTAL_MODERATION_CONTACT_EMAIL is {contact!r}: sanctioned members cannot reach "
            "the moderators.",
            hint="Set PORTAL_MODERATION_CONTACT_EMAIL to a mailbox the moderators read.",
            id="moderation.W001",
        )
    ]
