from django.apps import AppConfig


class ForumAttachmentsConfig(AppConfig):
    label = "forum_attachments"
    name = "forums.forum_conversation.forum_attachments"
    verbose_name = "Support groups: attachments"
