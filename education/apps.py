"""The medically reviewed patient-education library."""

from django.apps import AppConfig

from portal.notifications.registry import register_kind


class EducationConfig(AppConfig):
    name = "education"
    label = "education"
    verbose_name = "Education"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        # Mandatory: a staff duty with a clinical-safety reason (patients are reading a page
        # whose medical review is overdue); nothing else pushes it to the reviewer.
        register_kind(
            key="education_review_due",
            label="Medical review due (reviewers)",
            description="An education page you reviewed is due for its next medical review.",
            mandatory=True,
        )
