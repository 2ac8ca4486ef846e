"""Publishing vetted content to social channels."""

from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"
    label = "syndication"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from syndication import checks, signals  # noqa: F401
