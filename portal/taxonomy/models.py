from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

MAX_SYNONYM_LENGTH = 80


class Condition(index.Indexed, models.Model):
    """A health condition, shared by education pages, blog posts, groups and search facets."""

    name = models.CharField(max_length=120, unique=True, help_text="Clinical name.")
    lay_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The everyday name patients know, if different (e.g. 'Heart attack' for "
        "myocardial infarction). Shown first: 'Heart attack (Myocardial infarction)'.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    lay_synonyms = models.TextField(
        blank=True,
        help_text="Words patients use for it, one per line (e.g. 'heart attack').",
    )
    description = models.TextField(
        max_length=500, help_text="One or two plain-language sentences for patients."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("lay_name"),
        FieldPanel("slug"),
        FieldPanel("lay_synonyms"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("lay_name", boost=3),
        index.SearchField("lay_synonyms", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("education:condition_hub", args=[self.slug])

    def clean(self) -> None:
        too_long = [s for s in self.synonym_list if len(s) > MAX_SYNONYM_LENGTH]
        if too_long:
            raise ValidationError(
                {"lay_synonyms": f"Each synonym must be at most {MAX_SYNONYM_LENGTH} characters."}
            )
        self.lay_synonyms = "\n".join(self.synonym_list)

    @property
    def synonym_list(self) -> list[str]:
        seen: dict[str, str] = {}
        for line in self.lay_synonyms.splitlines():
            synonym = " ".join(line.split())
            if synonym and synonym.lower() not in seen:
                seen[synonym.lower()] = synonym
        return list(seen.values())

    @property
    def display_name(self) -> str:
        """How patients see it: the lay name first, the clinical name in brackets."""
        if self.lay_name and self.lay_name.strip().lower() != self.name.lower():
            return f"{self.lay_name.strip()} ({self.name})"
        return self.name
