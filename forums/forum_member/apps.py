from django.apps import AppConfig


class ForumMemberConfig(AppConfig):
    label = "forum_member"
    name = "forums.forum_member"
    verbose_name = "Support groups: members"

    def ready(self) -> None:
        from machina.apps.forum_member import receivers  # noqa: F401
