from django.apps import AppConfig


class ForumAttachmentsConfig(AppConfig):
    label = "forum_attachments"
    name = "forums.forum_conversation.forum_attachments"
    verbose_name = "Support groups: attachments"

    def ready(self) -> None:
        from forums.forum_conversation.forum_attachments.storage import install

        install()
