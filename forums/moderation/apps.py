"""Moderation of the support groups: screening on submit, reports, one queue, sanctions."""

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forums.moderation"
    label = "moderation"
    verbose_name = "Moderation"
    default_auto_field = "django.db.models.BigAutoField"
