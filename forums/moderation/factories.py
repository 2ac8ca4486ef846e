"""Factories for the moderation app's crisis-care records (tests and demo data)."""

from __future__ import annotations

import factory
from django.utils import timezone

from forums.moderation.models import (
    ClinicalContact,
    MessageLanguage,
    MessageTemplate,
    MessageTemplatePurpose,
)


class ClinicalContactFactory(factory.django.DjangoModelFactory):
    """An active clinical on-call contact without a portal account (plainly synthetic)."""

    class Meta:
        model = ClinicalContact

    name = factory.Sequence(lambda n: f"Dr Oncall {n} (demo)")
    email = factory.Sequence(lambda n: f"oncall{n}@clinic.example")
    order = factory.Sequence(lambda n: n)
    active = True


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    """A message of concern in plainly synthetic wording, not approved unless
    ``approved_by=<user>`` is given (then approved now)."""

    class Meta:
        model = MessageTemplate

    name = factory.Sequence(lambda n: f"Demo check-in {n}")
    purpose = MessageTemplatePurpose.CONCERN
    language = MessageLanguage.ENGLISH
    subject = "A message from the support-group moderators"
    body = (
        "Demo wording: we read what you shared and wanted to check in with you. "
        "Call or text 988 at any time; in an emergency call 911."
    )
    approved_by = None
    approved_at = factory.LazyAttribute(lambda o: timezone.now() if o.approved_by else None)
