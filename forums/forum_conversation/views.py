from __future__ import annotations

from machina.apps.forum_conversation.views import TopicView as MachinaTopicView

from forums.selectors import member_badges


class TopicView(MachinaTopicView):
    """machina's topic page, with pseudonyms and badges loaded for the whole page at once."""

    def get_queryset(self):
        return super().get_queryset().select_related("poster__group_profile")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posters = {post.poster_id for post in context["posts"] if post.poster_id}
        context["badges"] = member_badges(user_ids=posters)
        return context
