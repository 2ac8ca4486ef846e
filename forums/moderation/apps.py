"""Moderation of the support groups: screening on submit, reports, one queue, sanctions."""

from django.apps import AppConfig

from portal.notifications.registry import register_kind
from portal.screening.registry import register_crisis_phrase_source


class ModerationConfig(AppConfig):
    name = "forums.moderation"
    label = "moderation"
    verbose_name = "Moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.accounts.personal_data import register_personal_data

        from .selectors import crisis_phrases, member_posts_export, reports_export

        register_personal_data(section="posts", export=member_posts_export)
        register_personal_data(section="reports", export=reports_export)
        from forums.moderation import checks  # noqa: F401

        # Moderators' crisis phrases count wherever text is screened (search included).
        register_crisis_phrase_source(key="moderation", source=crisis_phrases)

        # Mandatory: a member in crisis is waiting; an on-call moderator must always know.
        register_kind(
            key="moderation_crisis_alert",
            label="Crisis alerts (moderators and clinical contacts on call)",
            description=(
                "A post with crisis language is waiting in the moderation queue, repeated "
                "until someone acknowledges it."
            ),
            mandatory=True,
        )
        # Mandatory: a decision about the member's own words, with the reason (a statement
        # of reasons they are owed even if they turned other emails off).
        register_kind(
            key="moderation_post_rejected",
            label="Your post was not published",
            description="A moderator did not publish your post, and why.",
            mandatory=True,
        )
        # Optional: a courtesy to members who reported a post; nothing they must act on.
        register_kind(
            key="moderation_report_outcome",
            label="Outcome of posts you reported",
            description="What the moderators decided about a post you reported.",
        )
        # Mandatory: a warning, silence or suspension limits what the member may do, and
        # says how to appeal.
        register_kind(
            key="moderation_sanction",
            label="Moderation decisions about your account",
            description="A warning, a read-only period or a suspension, and how to appeal.",
            mandatory=True,
        )
