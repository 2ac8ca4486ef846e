"""One search across the portal."""

from django.apps import AppConfig


class PortalSearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from search import checks, signals  # noqa: F401
