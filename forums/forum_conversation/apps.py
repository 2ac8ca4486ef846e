from django.apps import AppConfig


class ForumConversationConfig(AppConfig):
    label = "forum_conversation"
    name = "forums.forum_conversation"
    verbose_name = "Support groups: conversations"

    def ready(self) -> None:
        from machina.apps.forum_conversation import receivers  # noqa: F401
