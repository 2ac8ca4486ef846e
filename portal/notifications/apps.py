"""Email notifications to people: one sender, one set of preferences, member text never sent."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.accounts.personal_data import register_personal_data

        from .personal_data import preferences_erase, preferences_export

        register_personal_data(
            section="notification_preferences",
            export=preferences_export,
            erase=preferences_erase,
        )
