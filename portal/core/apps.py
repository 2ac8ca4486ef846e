"""Site shell, site-wide settings, health checks and demo data."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Portal core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.core import checks  # noqa: F401 (registers the system checks)
