from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from machina.apps.forum_conversation import views as machina_views
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


class CrisisRedirectMixin:
    """After a post with crisis language is held, the member goes straight to help."""

    def form_valid(self, post_form, *args, **kwargs):
        from forums.moderation.models import ItemKind

        response = super().form_valid(post_form, *args, **kwargs)
        if getattr(post_form, "hold_kind", "") == ItemKind.CRISIS and not self.preview:
            # machina's "posted successfully" would be wrong here: the help page explains.
            list(messages.get_messages(self.request))
            return HttpResponseRedirect(reverse("moderation_crisis_help"))
        return response


class TopicCreateView(CrisisRedirectMixin, machina_views.TopicCreateView):
    pass


class TopicUpdateView(CrisisRedirectMixin, machina_views.TopicUpdateView):
    pass


class PostCreateView(CrisisRedirectMixin, machina_views.PostCreateView):
    pass


class PostUpdateView(CrisisRedirectMixin, machina_views.PostUpdateView):
    pass
