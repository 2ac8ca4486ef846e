from django.apps import AppConfig


class ForumFeedsConfig(AppConfig):
    label = "forum_feeds"
    name = "forums.forum_feeds"
    verbose_name = "Support groups: feeds"
