"""Condition-based support groups on django-machina."""

from django.apps import AppConfig

from portal.notifications.registry import register_kind


class ForumsConfig(AppConfig):
    name = "forums"
    label = "forums"
    verbose_name = "Support groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .personal_data import register

        register()

        # Optional: news about conversations a member chose to follow; each email also
        # carries that group's or topic's own one-click unsubscribe.
        register_kind(
            key="group_activity",
            label="New posts in groups and topics you follow",
            description="An email with a link when someone posts where you follow.",
        )
        # Optional: a daily summary a member chose instead of one email per post.
        register_kind(
            key="group_digest",
            label="Daily support-group digest",
            description="Once a day, links to conversations with new posts in your groups.",
        )
