"""Physician profiles and blogs."""

from django.apps import AppConfig


class PhysiciansConfig(AppConfig):
    name = "physicians"
    label = "physicians"
    verbose_name = "Physicians"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
