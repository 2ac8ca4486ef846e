"""Condition-based support groups on django-machina."""

from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    label = "forums"
    verbose_name = "Support groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .personal_data import register

        register()
