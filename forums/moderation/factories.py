from __future__ import annotations

import factory

from forums.moderation.models import ClinicalContact


class ClinicalContactFactory(factory.django.DjangoModelFactory):
    """An active clinical on-call contact without a portal account (plainly synthetic)."""

    class Meta:
        model = ClinicalContact

    name = factory.Sequence(lambda n: f"Dr Oncall {n} (demo)")
    email = factory.Sequence(lambda n: f"oncall{n}@clinic.example")
    order = factory.Sequence(lambda n: n)
    active = True
