"""Editorial review gates: clinical and compliance review as Wagtail workflow tasks."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "portal.review"
    label = "review"
    verbose_name = "Clinical and compliance review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
