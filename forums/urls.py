"""The support-group URLs: machina's board patterns, through its URL factories, without the
haystack-backed search (machina.urls would import it)."""

from django.urls import include, path, re_path
from machina.core.loading import get_class
from machina.core.urls import URLPatternsFactory

from forums import views


class BoardURLPatternsFactory(URLPatternsFactory):
    forum = get_class("forum.urls", "urlpatterns_factory")
    conversation = get_class("forum_conversation.urls", "urlpatterns_factory")
    feeds = get_class("forum_feeds.urls", "urlpatterns_factory")
    member = get_class("forum_member.urls", "urlpatterns_factory")
    moderation = get_class("forum_moderation.urls", "urlpatterns_factory")
    tracking = get_class("forum_tracking.urls", "urlpatterns_factory")

    def get_urlpatterns(self):
        return [
            re_path(r"", include(self.forum.urlpatterns)),
            re_path(r"", include(self.conversation.urlpatterns)),
            re_path(r"^feeds/", include(self.feeds.urlpatterns)),
            re_path(r"^member/", include(self.member.urlpatterns)),
            re_path(r"^moderation/", include(self.moderation.urlpatterns)),
            re_path(r"^tracking/", include(self.tracking.urlpatterns)),
        ]


urlpatterns = [
    path("me/name/", views.display_name_edit, name="group_display_name"),
    *BoardURLPatternsFactory().get_urlpatterns(),
]
