from __future__ import annotations

import factory
import wagtail_factories
from django.utils import timezone

from education.models import EducationIndexPage, EducationPage

DEMO_REFERENCE = {
    "title": "Synthetic reference for demo content",
    "source": "Demo Journal (fictional)",
    "url": "",
    "year": 2025,
}


class EducationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EducationIndexPage

    title = "Education"
    slug = "education"


class EducationPageFactory(wagtail_factories.PageFactory):
    """A live page (created directly: tests of the review gate use the workflow instead)."""

    class Meta:
        model = EducationPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Demo education page {n}")
    slug = factory.Sequence(lambda n: f"demo-education-page-{n}")
    summary = "Demo text: a synthetic page for trying the portal. Not medical advice."
    body = factory.LazyFunction(
        lambda: [{"type": "rich_text", "value": "<p>Short demo sentences. They are easy.</p>"}]
    )
    references = factory.LazyFunction(lambda: [{"type": "reference", "value": DEMO_REFERENCE}])
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    @factory.post_generation
    def conditions(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.conditions.set(extracted)
            self.save()
