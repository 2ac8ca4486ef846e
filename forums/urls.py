"""The support-group URLs: machina's board patterns, through its URL factories, without the
haystack-backed search (machina.urls would import it)."""

from django.urls import URLPattern, include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from machina.core.loading import get_class
from machina.core.urls import URLPatternsFactory

from forums import group_views, views

_to_queue = RedirectView.as_view(url=reverse_lazy("moderation_queue"))


class ModerationURLPatternsFactory(type(get_class("forum_moderation.urls", "urlpatterns_factory"))):
    """machina's topic moderation (lock, move, types) stays; its approval queue and topic
    delete, which hard-delete posts, lead to the portal's moderation queue instead."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        replaced = {
            "queue",
            "queued_post",
            "approve_queued_post",
            "disapprove_queued_post",
            "topic_delete",
        }
        return [
            URLPattern(pattern.pattern, _to_queue, name=pattern.name)
            if pattern.name in replaced
            else pattern
            for pattern in patterns
        ]


class ForumURLPatternsFactory(type(get_class("forum.urls", "urlpatterns_factory"))):
    """machina's board index and forum page; a group's page is the portal's own view."""

    forum_view = views.GroupForumView


class BoardURLPatternsFactory(URLPatternsFactory):
    forum = ForumURLPatternsFactory()
    conversation = get_class("forum_conversation.urls", "urlpatterns_factory")
    feeds = get_class("forum_feeds.urls", "urlpatterns_factory")
    member = get_class("forum_member.urls", "urlpatterns_factory")
    moderation = ModerationURLPatternsFactory()
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
    path("", group_views.groups_index, name="groups_index"),
    path("me/name/", views.display_name_edit, name="group_display_name"),
    path("guidelines/", group_views.guidelines, name="group_guidelines"),
    path("t/<int:topic_id>/", group_views.topic_link, name="group_topic_link"),
    path("p/<int:post_id>/", group_views.post_link, name="group_post_link"),
    path("<int:group_id>/join/", group_views.join_group, name="group_join"),
    path("join/<uuid:token>/", group_views.join_private_group, name="group_join_private"),
    path("<int:group_id>/leave/", group_views.leave_group, name="group_leave"),
    path("<int:group_id>/subscribe/", group_views.subscribe_group, name="group_subscribe"),
    path("unsubscribe/<str:token>/", group_views.unsubscribe, name="group_unsubscribe"),
    path("moderation/requests/", group_views.join_requests, name="group_join_requests"),
    path(
        "moderation/members/<int:user_id>/anonymise/",
        group_views.anonymise_member,
        name="group_anonymise_member",
    ),
    path(
        "moderation/requests/<int:membership_id>/",
        group_views.decide_join_request,
        name="group_join_request_decide",
    ),
    path("", include("forums.moderation.urls")),
    *BoardURLPatternsFactory().get_urlpatterns(),
]
