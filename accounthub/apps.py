"""The account hub at /account/: groups, posts, reports, email preferences, security,
data download and account deletion."""

from django.apps import AppConfig


class AccountHubConfig(AppConfig):
    name = "accounthub"
    label = "accounthub"
    verbose_name = "Account hub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.accounts.personal_data import register_personal_data

        from .selectors import deletion_export

        register_personal_data(section="account_deletion", export=deletion_export)
