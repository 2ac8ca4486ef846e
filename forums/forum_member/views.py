from __future__ import annotations

from machina.apps.forum.models import Forum
from machina.apps.forum_member import views as machina_views
from machina.conf import settings as machina_settings

from forums.selectors import member_posts_for, member_topics_count_for


def _readable_forums(request):
    return request.forum_permission_handler.get_readable_forums(Forum.objects.all(), request.user)


class UserPostsView(machina_views.UserPostsView):
    """A member's posts: published posts in groups the viewer may read, and to the member
    themselves (and moderators) their posts that wait for a moderator, marked as such."""

    def get_queryset(self):
        posts = member_posts_for(
            poster=self.poster, viewer=self.request.user, forums=_readable_forums(self.request)
        )
        return (
            posts.select_related("topic", "topic__forum", "poster")
            .prefetch_related("poster__forum_profile")
            .order_by("-created")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forums = _readable_forums(self.request)
        published = member_posts_for(poster=self.poster, viewer=None, forums=forums).count()
        for post in context["posts"]:
            profile = getattr(post.poster, "forum_profile", None)
            if profile is not None:
                profile.posts_count = published  # shown beside each post; never saved
        return context


class ForumProfileDetailView(machina_views.ForumProfileDetailView):
    """The profile's counts and recent posts cover only what the viewer may read."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, forums = self.object.user, _readable_forums(self.request)
        published = member_posts_for(poster=user, viewer=None, forums=forums)
        self.object.posts_count = published.count()  # never saved
        context["topics_count"] = member_topics_count_for(poster=user, forums=forums)
        recent = published.select_related("topic", "topic__forum").order_by("-created")
        context["recent_posts"] = recent[: machina_settings.PROFILE_RECENT_POSTS_NUMBER]
        return context
