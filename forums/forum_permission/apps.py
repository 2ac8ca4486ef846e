from django.apps import AppConfig


class ForumPermissionConfig(AppConfig):
    label = "forum_permission"
    name = "forums.forum_permission"
    verbose_name = "Support groups: permissions"

    def ready(self) -> None:
        from machina.apps.forum_permission import receivers  # noqa: F401
