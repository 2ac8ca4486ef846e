"""Moderation of the support groups: screening on submit, reports, one queue, sanctions."""

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forums.moderation"
    label = "moderation"
    verbose_name = "Moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.accounts.personal_data import register_personal_data

        from .selectors import member_posts_export, reports_export

        register_personal_data(section="posts", export=member_posts_export)
        register_personal_data(section="reports", export=reports_export)
