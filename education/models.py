from __future__ import annotations

import re
from string import ascii_uppercase

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from education.blocks import EducationBodyBlock
from education.panels import ReadabilityPanel
from portal.core.blocks import ReferenceBlock
from portal.review.pages import ReviewedPageMixin, ReviewedSectionMixin
from portal.taxonomy.models import Condition


class Audience(models.Model):
    name = models.CharField(max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class EducationIndexPage(ReviewedSectionMixin, Page):
    """The education library: A to Z, and browsing by condition."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["education.EducationPage"]
    max_count = 1

    class Meta:
        verbose_name = "education index page"

    def get_context(self, request, *args, **kwargs):
        from education.selectors import library_pages

        context = super().get_context(request, *args, **kwargs)
        pages = list(library_pages(index=self).only("title", "url_path", "path", "depth"))
        context["letters"] = _by_letter(pages)
        context["conditions"] = Condition.objects.filter(
            education_pages__in=[page.pk for page in pages]
        ).distinct()
        return context


def _by_letter(pages) -> list[tuple[str, list]]:
    groups: dict[str, list] = {letter: [] for letter in ascii_uppercase}
    groups["#"] = []
    for page in pages:
        first = page.title[:1].upper()
        groups[first if first in groups else "#"].append(page)
    return list(groups.items())


class EducationPage(ReviewedPageMixin, Page):
    """A patient-education page. Goes live only through clinical then compliance review;
    who reviewed it, and when, is recorded by the review (see ``MedicalReview``)."""

    summary = models.TextField(max_length=400, help_text="Two or three plain-language sentences.")
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="pages")
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="education_pages")
    body = StreamField(EducationBodyBlock())
    references = StreamField([("reference", ReferenceBlock())], blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(3), MaxValueValidator(24)],
        help_text="How often a clinician must review this page again (3 to 24 months).",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audiences"),
        FieldPanel("conditions"),
        FieldPanel("body"),
        FieldPanel("references"),
        InlinePanel("related_links", label="Related page", max_num=6),
        MultiFieldPanel(
            [FieldPanel("review_interval_months"), ReadabilityPanel()],
            heading="Review and readability",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("conditions", [index.SearchField("name")]),
    ]
    parent_page_types = ["education.EducationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "education page"

    def clean(self) -> None:
        super().clean()
        if not any(True for _ in self.references):
            message = "Add at least one reference: this page cannot be published without one."
            raise ValidationError({"references": message})

    def review_author_ids(self) -> set[int]:
        """The page's last author (whoever saved the latest revision) may not review it."""
        revision = self.latest_revision
        return {revision.user_id} if revision is not None and revision.user_id else set()

    @property
    def plain_text(self) -> str:
        parts = [self.title + ".", self.summary]
        for block in self.body:
            parts.append(strip_tags(str(block.render_as_block())))
        return re.sub(r"\s+", " ", "\n\n".join(parts))

    def get_context(self, request, *args, **kwargs):
        from education.selectors import current_medical_review, review_status

        context = super().get_context(request, *args, **kwargs)
        review = current_medical_review(page=self)
        context["medical_review"] = review
        context["review_status"] = review_status(page=self, review=review)
        context["related"] = [
            link.related_page
            for link in self.related_links.select_related("related_page")
            if link.related_page.live
        ]
        return context


class EducationRelatedLink(Orderable):
    page = ParentalKey(EducationPage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(EducationPage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("related_page", "education.EducationPage")]

    def __str__(self) -> str:
        return f"{self.page_id} -> {self.related_page_id}"


class MedicalReview(models.Model):
    """Recorded when a clinician approves the clinical step: never typed by hand."""

    page = models.ForeignKey(EducationPage, on_delete=models.CASCADE, related_name="reviews")
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="medical_review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField()
    next_review_due = models.DateField(db_index=True)
    readability_grade = models.FloatField(null=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of page {self.page_id} on {self.reviewed_on}"


class ReviewReminder(models.Model):
    """One reminder email per review cycle (a page's current medical review)."""

    review = models.OneToOneField(MedicalReview, on_delete=models.CASCADE, related_name="reminder")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reminder for review {self.review_id}"
