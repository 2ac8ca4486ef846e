"""The medically reviewed patient-education library."""

from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    label = "education"
    verbose_name = "Education"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
