"""Physician profiles and blogs."""

from django.apps import AppConfig

from portal.review.registry import register_clinician_check


class PhysiciansConfig(AppConfig):
    name = "physicians"
    label = "physicians"
    verbose_name = "Physicians"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from physicians.selectors import physician_is_verified

        from . import signals  # noqa: F401

        # Clinical review (a core workflow task) asks this app who is a verified physician.
        register_clinician_check(physician_is_verified)
