"""The shared condition taxonomy."""

from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "portal.taxonomy"
    label = "taxonomy"
    verbose_name = "Conditions"
    default_auto_field = "django.db.models.BigAutoField"
