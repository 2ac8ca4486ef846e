from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from machina.apps.forum_conversation import views as machina_views
from machina.apps.forum_conversation.views import TopicView as MachinaTopicView

from forums.moderation.selectors import write_refusal
from forums.selectors import (
    is_group_moderator,
    member_badges,
    membership_status,
    topic_posts_for,
    topic_readable_by,
)
from portal.core.ratelimit import rate_limit_hit
from portal.core.submissions import OncePerSubmissionViewMixin


def held_post_message() -> str:
    """The one message an author sees when their post waits for a moderator."""
    return (
        "Your post is waiting for a moderator. Until it is approved only you and the "
        "moderators can see it (it is marked “Waiting for a moderator”). Moderators usually "
        f"review posts within {settings.PORTAL_GROUPS_REVIEW_HOURS} hours. If it is not "
        "published, we will email you the reason."
    )


def post_url(post) -> str:
    topic, forum = post.topic, post.topic.forum
    url = reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk])
    return f"{url}?post={post.pk}#{post.pk}"


class TopicView(MachinaTopicView):
    """machina's topic page, with pseudonyms and badges loaded for the whole page at once,
    and the reader's own posts that wait for a moderator (moderators see every one)."""

    def get_topic(self):
        topic = super().get_topic()
        if not topic_readable_by(topic=topic, user=self.request.user):
            raise Http404("No such topic")
        return topic

    def get_queryset(self):
        return (
            topic_posts_for(topic=self.get_topic(), user=self.request.user)
            .select_related("poster__group_profile", "updated_by")
            .prefetch_related("attachments", "poster__forum_profile")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posters = {post.poster_id for post in context["posts"] if post.poster_id}
        context["badges"] = member_badges(user_ids=posters)
        group = getattr(context["forum"], "support_group", None)
        context["group"] = group
        context["membership"] = membership_status(user=self.request.user, group=group)
        context["is_moderator"] = is_group_moderator(self.request.user)
        context["review_hours"] = settings.PORTAL_GROUPS_REVIEW_HOURS
        context["refusal"] = write_refusal(self.request.user) if context["membership"] else ""
        return context


class HeldPostMixin:
    """One clear message when a post waits for a moderator (machina says "posted
    successfully" and then "will be validated"), and the author is taken to their post,
    marked as waiting. After crisis language the member goes straight to help instead."""

    def post(self, request, *args, **kwargs):
        limit = settings.PORTAL_GROUPS_PREVIEWS_PER_MINUTE
        if "preview" in request.POST and rate_limit_hit(
            key=f"preview:{request.user.pk}", limit=limit, window_seconds=60
        ):
            template = "forums/preview_rate_limited.html"
            return TemplateResponse(request, template, {"limit": limit}, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handler = self.request.forum_permission_handler
        context["posts_held"] = not handler.can_post_without_approval(
            self.get_forum(), self.request.user
        )
        context["review_hours"] = settings.PORTAL_GROUPS_REVIEW_HOURS
        context["max_mb"] = f"{settings.PORTAL_GROUPS_ATTACHMENT_MAX_BYTES / (1024 * 1024):g}"
        return context

    def form_valid(self, post_form, *args, **kwargs):
        from forums.moderation.models import ItemKind

        response = super().form_valid(post_form, *args, **kwargs)
        post = getattr(self, "forum_post", None)
        if self.preview or post is None or post.approved:
            return response
        list(messages.get_messages(self.request))  # drop machina's two messages
        hold_kind = getattr(post_form, "hold_kind", "")
        if hold_kind == ItemKind.CRISIS:
            return HttpResponseRedirect(reverse("moderation_crisis_help"))
        if hold_kind == ItemKind.CONCERN:
            return HttpResponseRedirect(reverse("moderation_support_help"))
        messages.info(self.request, held_post_message())
        return HttpResponseRedirect(post_url(post))


class TopicCreateView(OncePerSubmissionViewMixin, HeldPostMixin, machina_views.TopicCreateView):
    submission_purpose = "forums.topic"


class TopicUpdateView(HeldPostMixin, machina_views.TopicUpdateView):
    pass


class PostCreateView(OncePerSubmissionViewMixin, HeldPostMixin, machina_views.PostCreateView):
    submission_purpose = "forums.reply"


class PostUpdateView(HeldPostMixin, machina_views.PostUpdateView):
    pass
