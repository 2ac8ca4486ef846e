"""The search index (database back-end), the query log and editors' promoted results."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from wagtail.admin.panels import FieldPanel, PageChooserPanel


class DocumentKind(models.TextChoices):
    EDUCATION = "education", "Health information"
    PHYSICIAN = "physician", "Physician"
    BLOG = "blog", "Physician blog post"
    GROUP_POST = "group_post", "Support group discussion"


class SearchDocument(models.Model):
    """One searchable thing as readers see it: only live, vetted content is ever written here.

    ``forum_id`` is set for support-group posts: a query only returns them when the reader
    may read that forum. SQLite keeps a full-text table in step with triggers (migration
    0002); PostgreSQL uses ``search_vector``.
    """

    key = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(max_length=255)
    keywords = models.TextField(blank=True, help_text="Condition names and lay synonyms.")
    body = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    context = models.CharField(max_length=255, blank=True, help_text="e.g. the group's name")
    forum_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    conditions = models.ManyToManyField("taxonomy.Condition", blank=True, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    last_reviewed = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    vocabulary = models.TextField(
        blank=True, help_text="Words offered for typo correction (editorial content only)."
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["kind", "published_at"])]

    def __str__(self) -> str:
        return self.key


class SearchTerm(models.Model):
    """Words of live editorial content, with how many documents use them (typo correction)."""

    term = models.CharField(max_length=64, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.term


class QueryLogEntry(models.Model):
    """Searches per normalised query per day, with result counts. No user, session or IP."""

    query = models.CharField(max_length=256)
    day = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    last_result_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="one_log_per_query_day")
        ]
        permissions = [("view_search_reports", "Can view search query reports")]
        verbose_name = "search query"
        verbose_name_plural = "search queries"

    def __str__(self) -> str:
        return f"{self.query} ({self.day})"


class Promotion(models.Model):
    """An editor's pick shown above the results for a query (only while the page is indexed)."""

    query = models.CharField(
        max_length=256, help_text="The search, as patients type it (case and spacing ignored)."
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("query"),
        PageChooserPanel("page"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["query", "sort_order", "pk"]
        verbose_name = "promoted search result"

    def __str__(self) -> str:
        return f"{self.query} → {self.page_id}"

    def save(self, *args, **kwargs) -> None:
        from search.text import normalise_query

        self.query = normalise_query(self.query)
        super().save(*args, **kwargs)
