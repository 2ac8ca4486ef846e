"""Checks: the moderators' address (deploy: sanctioned members are told to write to it, so a
production site must give one that reaches someone) and the crisis alert timings."""

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


@checks.register()
def crisis_alert_timing(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Re-alerts need a positive interval, or an unacknowledged alert would be re-sent in a
    loop (or never)."""
    problems = []
    for name, minimum in (
        ("PORTAL_CRISIS_REALERT_MINUTES", 1),
        ("PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION", 0),
        ("PORTAL_CRISIS_SEND_RETRY_SECONDS", 1),
        ("PORTAL_CRISIS_ACK_LINK_HOURS", 1),
    ):
        if getattr(settings, name) < minimum:
            problems.append(
                checks.Error(f"{name} must be at least {minimum}.", id="moderation.E001")
            )
    return problems
