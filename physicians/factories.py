from __future__ import annotations

import factory
import wagtail_factories
from django.utils import timezone

from physicians.models import (
    BlogIndexPage,
    BlogPostPage,
    Credential,
    PhysicianDisclosure,
    PhysicianIndexPage,
    PhysicianProfilePage,
    Specialty,
)
from physicians.services import VerificationEvidence
from physicians.validators import npi_check_digit
from portal.accounts.factories import UserFactory
from portal.accounts.roles import Role


def synthetic_evidence(**overrides) -> VerificationEvidence:
    """Complete verification evidence (synthetic): every check, a state, a source, a note."""
    fields = {
        "checks": ("identity", "npi_record", "licence"),
        "licence_state": "MA",
        "source": "nppes",
        "note": "Synthetic demo check: NPPES record and licence matched.",
    }
    return VerificationEvidence(**(fields | overrides))


def synthetic_npi(n: int) -> str:
    first_nine = f"{100000000 + n:09d}"
    return first_nine + npi_check_digit(first_nine)


class PhysicianIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PhysicianIndexPage

    title = "Physicians"
    slug = "physicians"


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.Sequence(lambda n: f"specialty-{n}")


class PhysicianProfilePageFactory(wagtail_factories.PageFactory):
    """A live profile with a Physician account and a 'no relevant relationships' statement."""

    class Meta:
        model = PhysicianProfilePage
        skip_postgeneration_save = True

    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    title = factory.Sequence(lambda n: f"Dr Demo Physician {n}")
    slug = factory.Sequence(lambda n: f"dr-demo-physician-{n}")
    user = factory.SubFactory(UserFactory, roles=[Role.PHYSICIAN])
    owner = factory.SelfAttribute("user")
    bio = "<p>Synthetic demo biography.</p>"
    npi = factory.Sequence(synthetic_npi)
    no_relevant_financial_relationships = True

    @factory.post_generation
    def credentials(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create:
            codes = extracted if extracted is not None else ["MD"]
            self.credentials.set(Credential.objects.filter(code__in=codes))
            self.save()
            self.save_revision(user=self.user)

    @factory.post_generation
    def specialties(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.specialties.set(extracted)
            self.save()

    @factory.post_generation
    def conditions(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.conditions.set(extracted)
            self.save()


class PhysicianDisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhysicianDisclosure

    company = factory.Sequence(lambda n: f"Example Pharma {n} (synthetic)")
    relationship = "consulting"
    start_date = factory.Faker("date_between", start_date="-3y", end_date="-1y")


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Physicians' blog"
    slug = "blog"


class BlogPostPageFactory(wagtail_factories.PageFactory):
    """A live post (created directly: tests of the review gate use the workflow instead)."""

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    title = factory.Sequence(lambda n: f"Demo post {n}")
    slug = factory.Sequence(lambda n: f"demo-post-{n}")
    author = factory.SubFactory(PhysicianProfilePageFactory)
    owner = factory.LazyAttribute(lambda o: o.author.user)
    summary = "A synthetic post for trying the portal."
    body = factory.LazyFunction(
        lambda: [{"type": "rich_text", "value": "<p>Synthetic demo text, not medical advice.</p>"}]
    )

    @factory.post_generation
    def conditions(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.conditions.set(extracted)
            self.save()

    @factory.post_generation
    def tags(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.tags.add(*extracted)
            self.save()
