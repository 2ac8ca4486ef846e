from django.apps import AppConfig


class ForumSearchConfig(AppConfig):
    label = "forum_search"
    name = "forums.forum_search"
    verbose_name = "Support groups: search (off; the portal search covers groups)"
