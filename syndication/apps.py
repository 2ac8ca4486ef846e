"""Publishing vetted content to social channels."""

from django.apps import AppConfig

from portal.notifications.registry import register_kind


class SyndicationConfig(AppConfig):
    name = "syndication"
    label = "syndication"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from syndication import checks, signals  # noqa: F401

        # Mandatory: a staff duty; the post cannot go out until a reviewer acts, and the
        # queue is not something a reviewer watches all day.
        register_kind(
            key="syndication_review_request",
            label="Social posts awaiting your approval (compliance reviewers)",
            description="A social post waits for your approval on one or more channels.",
            mandatory=True,
        )
        # Optional: good news or a returned draft the composer will also see in the queue.
        register_kind(
            key="syndication_outcome",
            label="Your social posts: approved, changes requested, published",
            description="What happened to a social post you composed.",
        )
        # Mandatory: something the organisation meant to say did not go out (or may have
        # gone out twice); the composer must act.
        register_kind(
            key="syndication_failure",
            label="Your social posts: failed or needs checking",
            description="A social post you composed could not be sent, or may need checking.",
            mandatory=True,
        )
