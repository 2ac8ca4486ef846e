from __future__ import annotations

import math
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from physicians.admin_forms import BlogPostForm, PhysicianProfileForm
from physicians.validators import validate_npi
from portal.core.blocks import BodyStreamBlock
from portal.review.pages import ReviewedPageMixin, ReviewedSectionMixin
from portal.taxonomy.models import Condition

DIRECTORY_PAGE_SIZE = 12
BLOG_PAGE_SIZE = 10
WORDS_PER_MINUTE = 200


class Credential(models.Model):
    """A professional credential (MD, DO, NP, PA, RN...), in the order shown after names."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.code


class Specialty(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class PhysicianIndexPage(Page):
    """The physicians directory: live, public profiles, filterable by specialty and condition."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["physicians.PhysicianProfilePage"]
    max_count = 1

    class Meta:
        verbose_name = "physician index page"

    def get_context(self, request, *args, **kwargs):
        from physicians.forms import DirectoryFilterForm
        from physicians.selectors import directory_profiles

        context = super().get_context(request, *args, **kwargs)
        form = DirectoryFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        profiles = directory_profiles(
            parent=self, specialty=filters.get("specialty"), condition=filters.get("condition")
        )
        context["filter_form"] = form
        context["entries"] = Paginator(profiles, DIRECTORY_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["filter_query"] = _query_without_page(request)
        return context


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class PhysicianProfilePage(Page):
    """A physician's public profile. Verification lives outside the page (see
    ``PhysicianVerification``) so that no revision can set or clear it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="physician_profile",
        help_text="The account of the physician this profile belongs to.",
    )
    credentials = ParentalManyToManyField(Credential, blank=True)
    specialties = ParentalManyToManyField(Specialty, blank=True, related_name="physicians")
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="physicians")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt = models.CharField(
        max_length=250, blank=True, help_text="Describe the photo, e.g. 'Portrait of Dr Jane Doe'."
    )
    bio = RichTextField(features=["bold", "italic", "link", "ul"], help_text="Plain language.")
    languages = models.CharField(
        max_length=200, default="English", help_text="Languages spoken, comma-separated."
    )
    clinic_affiliation = models.CharField(max_length=200, blank=True)
    npi = models.CharField(
        "NPI number",
        max_length=10,
        unique=True,
        validators=[validate_npi],
        help_text="10-digit National Provider Identifier.",
    )
    no_relevant_financial_relationships = models.BooleanField(
        default=False,
        help_text="Tick only if you have no relevant financial relationships to disclose.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("user", permission="physicians.verify_physician"),
        FieldPanel("credentials", widget=forms.CheckboxSelectMultiple),
        FieldPanel("specialties"),
        FieldPanel("conditions"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading="Photo"),
        FieldPanel("bio"),
        FieldPanel("languages"),
        FieldPanel("clinic_affiliation"),
        FieldPanel("npi"),
        MultiFieldPanel(
            [
                FieldPanel("no_relevant_financial_relationships"),
                InlinePanel("disclosures", label="Financial relationship"),
            ],
            heading="Disclosures",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("bio"),
        index.SearchField("clinic_affiliation"),
        index.RelatedFields("specialties", [index.SearchField("name")]),
        index.RelatedFields("conditions", [index.SearchField("name")]),
    ]
    parent_page_types = ["physicians.PhysicianIndexPage"]
    subpage_types: list[str] = []
    base_form_class = PhysicianProfileForm

    class Meta:
        verbose_name = "physician profile"
        permissions = [("verify_physician", "Can verify physician profiles")]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.photo_id and not self.photo_alt.strip():
            errors["photo_alt"] = "Describe the photo for people who cannot see it."
        has_entries = any(True for _ in self.disclosures.all())
        if has_entries and self.no_relevant_financial_relationships:
            errors["no_relevant_financial_relationships"] = (
                "You listed financial relationships: untick 'no relevant financial relationships'."
            )
        if not has_entries and not self.no_relevant_financial_relationships:
            errors["no_relevant_financial_relationships"] = (
                "Add your financial relationships, or tick 'no relevant financial relationships'."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from physicians.selectors import blog_posts, profile_is_verified

        context = super().get_context(request, *args, **kwargs)
        context["verified"] = profile_is_verified(profile=self)
        context["posts"] = blog_posts(author=self)[:5]
        return context

    def get_workflow(self):
        from physicians.selectors import profile_workflow

        return profile_workflow()

    @property
    def has_workflow(self) -> bool:
        return self.get_workflow() is not None

    @cached_property
    def credential_codes(self) -> str:
        return ", ".join(credential.code for credential in self.credentials.all())

    @property
    def display_name(self) -> str:
        return f"{self.title}, {self.credential_codes}" if self.credential_codes else self.title

    @property
    def npi_registry_url(self) -> str:
        return npi_registry_url(self.npi)

    def disclosure_summary(self) -> list[dict]:
        """The current disclosures as plain data (what a post's snapshot stores)."""
        if self.no_relevant_financial_relationships:
            return []
        return [disclosure.as_dict() for disclosure in self.disclosures.all()]


class RelationshipType(models.TextChoices):
    CONSULTING = "consulting", "Consulting"
    SPEAKING = "speaking", "Speaking or teaching"
    RESEARCH = "research", "Research funding"
    OWNERSHIP = "ownership", "Ownership or stock"
    ADVISORY = "advisory", "Advisory board"
    ROYALTIES = "royalties", "Royalties or licensing"
    OTHER = "other", "Other"


class PhysicianDisclosure(Orderable):
    profile = ParentalKey(
        PhysicianProfilePage, on_delete=models.CASCADE, related_name="disclosures"
    )
    company = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=RelationshipType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if ongoing.")

    panels = [
        FieldPanel("company"),
        FieldPanel("relationship"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
    ]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_relationship_display()})"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    def as_dict(self) -> dict:
        return {
            "company": self.company,
            "relationship": self.get_relationship_display(),
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
        }


NPI_REGISTRY_URL = "https://npiregistry.cms.hhs.gov/provider-view/{npi}"


def npi_registry_url(npi: str) -> str:
    """The NPI's public record on the CMS NPPES registry."""
    return NPI_REGISTRY_URL.format(npi=npi)


class VerificationCheck(models.TextChoices):
    IDENTITY = "identity", "Identity (photo ID matches the account holder)"
    NPI_RECORD = "npi_record", "NPI record matches name and specialty"
    LICENCE = "licence", "Active medical licence, no restrictions"


class VerificationSource(models.TextChoices):
    NPPES = "nppes", "NPPES NPI registry"
    STATE_BOARD = "state_board", "State medical board licence lookup"
    FSMB = "fsmb", "FSMB DocInfo"
    OTHER = "other", "Other (say which in the note)"


class PhysicianVerification(models.Model):
    """An administrator checked this physician's identity and NPI. It only counts while the
    profile's NPI is the one that was verified. The evidence says what was checked, where."""

    profile = models.OneToOneField(
        PhysicianProfilePage, on_delete=models.CASCADE, related_name="verification"
    )
    npi = models.CharField(max_length=10)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField()
    checks = models.JSONField(default=list, blank=True, help_text="VerificationCheck values.")
    licence_state = models.CharField(max_length=2, blank=True)
    source = models.CharField(max_length=20, choices=VerificationSource.choices, blank=True)
    note = models.TextField(max_length=1000, blank=True)

    def __str__(self) -> str:
        return f"Verification of {self.profile_id} ({self.npi})"

    @property
    def check_labels(self) -> list[str]:
        labels = dict(VerificationCheck.choices)
        return [labels.get(code, code) for code in self.checks]


class BlogIndexPage(ReviewedSectionMixin, RoutablePageMixin, Page):
    """Physicians' blog: newest first, with tag, condition and monthly archive listings."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["physicians.BlogPostPage"]
    max_count = 1

    class Meta:
        verbose_name = "blog index page"

    def _listing(self, request, posts, **extra):
        page = Paginator(posts, BLOG_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"posts": page, **extra}
        return self.render(request, context_overrides=context)

    @path("")
    def all_posts(self, request):
        from physicians.selectors import blog_posts

        return self._listing(request, blog_posts(index=self))

    @path("tag/<slug:tag>/")
    def by_tag(self, request, tag: str):
        from physicians.selectors import blog_posts

        tag_obj = get_object_or_404(Tag, slug=tag)
        return self._listing(request, blog_posts(index=self, tag=tag_obj), listing_tag=tag_obj)

    @path("condition/<slug:condition>/")
    def by_condition(self, request, condition: str):
        from physicians.selectors import blog_posts

        cond = get_object_or_404(Condition, slug=condition)
        return self._listing(
            request, blog_posts(index=self, condition=cond), listing_condition=cond
        )

    @path("<int:year>/<int:month>/")
    def by_month(self, request, year: int, month: int):
        from physicians.selectors import blog_posts

        if not (1 <= month <= 12 and 1900 <= year <= 9999):
            from django.http import Http404

            raise Http404("No such month")
        return self._listing(
            request,
            blog_posts(index=self, year=year, month=month),
            listing_month=date(year, month, 1),
        )

    @path("feeds/<str:kind>/")
    def feed_all(self, request, kind: str):
        from physicians.feeds import blog_feed

        return blog_feed(request, index=self, kind=kind)

    @path("feeds/physician/<slug:slug>/<str:kind>/")
    def feed_physician(self, request, slug: str, kind: str):
        from physicians.feeds import blog_feed

        author = get_object_or_404(PhysicianProfilePage.objects.live().public(), slug=slug)
        return blog_feed(request, index=self, kind=kind, author=author)

    @path("feeds/condition/<slug:slug>/<str:kind>/")
    def feed_condition(self, request, slug: str, kind: str):
        from physicians.feeds import blog_feed

        condition = get_object_or_404(Condition, slug=slug)
        return blog_feed(request, index=self, kind=kind, condition=condition)


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "physicians.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostPage(ReviewedPageMixin, Page):
    """A physician's post. Goes live only through clinical then compliance review."""

    author = models.ForeignKey(PhysicianProfilePage, on_delete=models.PROTECT, related_name="posts")
    summary = models.TextField(max_length=300, help_text="One or two sentences for listings.")
    body = StreamField(BodyStreamBlock())
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="blog_posts")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(max_length=250, blank=True)
    # Copied from the author's profile when a revision is published (see services).
    disclosure_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("author"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("conditions"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("conditions", [index.SearchField("name")]),
        index.FilterField("author"),
    ]
    parent_page_types = ["physicians.BlogIndexPage"]
    subpage_types: list[str] = []
    base_form_class = BlogPostForm

    class Meta:
        verbose_name = "blog post"

    def clean(self) -> None:
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": "Describe the hero image for people who cannot see it."}
            )

    def review_author_ids(self) -> set[int]:
        return {self.author.user_id} if self.author_id else set()

    @property
    def reading_minutes(self) -> int:
        words = sum(len(text.split()) for text in _stream_texts(self.body.raw_data))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def get_context(self, request, *args, **kwargs):
        from physicians.selectors import more_from_author, post_clinical_signoff, related_posts

        context = super().get_context(request, *args, **kwargs)
        context["clinical_signoff"] = post_clinical_signoff(post=self)
        context["more_from_author"] = more_from_author(post=self)
        context["related_posts"] = related_posts(post=self)
        return context


def _stream_texts(raw) -> list[str]:
    """All text in a StreamField's raw data (for word counts), without rendering it."""
    import re

    texts: list[str] = []
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            texts.append(re.sub(r"<[^>]+>", " ", item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return texts
