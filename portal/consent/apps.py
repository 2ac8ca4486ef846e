"""Terms of use and privacy notice: versioned documents and each person's acceptance."""

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "portal.consent"
    label = "consent"
    verbose_name = "Consent and policies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.accounts.personal_data import register_personal_data

        from .selectors import consents_export

        register_personal_data(section="consents", export=consents_export)
