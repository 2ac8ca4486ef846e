"""Users, roles, MFA enforcement."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .account_data import account_erase, account_export
        from .personal_data import register_personal_data

        register_personal_data(
            section="account", export=account_export, erase=account_erase, order=1000
        )
