from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from portal.taxonomy.models import Condition

FEATURED_SLOTS = 6
HOME_CONDITIONS_SHOWN = 12


class HomePage(Page):
    """The portal's front page: a welcome, featured content slots and the condition list."""

    hero_heading = models.CharField(max_length=120, default="Health information you can trust")
    hero_intro = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two plain-language sentences under the heading.",
    )
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_intro"),
        FieldPanel("body"),
        InlinePanel(
            "featured_items",
            label="Featured content",
            max_num=FEATURED_SLOTS,
            help_text=f"Up to {FEATURED_SLOTS} pages shown on the home page.",
        ),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "education.EducationIndexPage",
        "physicians.PhysicianIndexPage",
        "physicians.BlogIndexPage",
    ]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_items"] = self.featured_live_items()
        conditions = Condition.objects.only("name", "lay_name", "slug")
        context["conditions"] = conditions[:HOME_CONDITIONS_SHOWN]
        return context

    def featured_live_items(self) -> list[HomePageFeaturedItem]:
        """Featured slots whose page is live and public; never a draft or private page.

        In a preview the slots are unsaved (a modelcluster fake queryset, which cannot filter
        on a subquery), so the visible pages are looked up by id."""
        items = list(self.featured_items.select_related("link_page").order_by("sort_order"))
        linked = [item.link_page_id for item in items]
        visible = set(
            Page.objects.live().public().filter(pk__in=linked).values_list("pk", flat=True)
        )
        return [item for item in items if item.link_page_id in visible][:FEATURED_SLOTS]


class HomePageFeaturedItem(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    link_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="page"
    )
    heading = models.CharField(
        max_length=120, blank=True, help_text="Leave empty to use the page's title."
    )
    summary = models.CharField(max_length=240, blank=True)

    panels = [FieldPanel("link_page"), FieldPanel("heading"), FieldPanel("summary")]

    def __str__(self) -> str:
        return self.display_heading

    @property
    def display_heading(self) -> str:
        return self.heading or self.link_page.title
