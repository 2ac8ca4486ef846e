from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from machina.apps.forum.views import ForumView

from forums.forms import DisplayNameForm
from forums.models import MemberProfile, SupportGroup
from forums.moderation.selectors import write_refusal
from forums.selectors import (
    current_guidelines,
    group_member_count,
    is_group_moderator,
    membership_status,
    waiting_posts,
)
from forums.services import member_display_name_set


@login_required
def display_name_edit(request: HttpRequest) -> HttpResponse:
    """Choose or change the pseudonym shown in support groups."""
    current = MemberProfile.objects.filter(user=request.user).first()
    initial = {"display_name": current.display_name} if current else {}
    form = DisplayNameForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_display_name_set(
                user=request.user, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as error:
            form.add_error("display_name", error)
        else:
            messages.success(request, "Your support-group name is saved.")
            return HttpResponseRedirect(reverse("forum:index"))
    status = 400 if form.errors else 200
    return TemplateResponse(request, "forums/display_name.html", {"form": form}, status=status)


class GroupForumView(ForumView):
    """A group's page: machina's topic list plus what the group is, who may join, the
    guidelines, and the reader's own posts waiting for a moderator."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("poster__group_profile", "last_post__poster__group_profile")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        group = SupportGroup.objects.filter(forum=context["forum"]).first()
        context.update(
            group=group,
            member_count=group_member_count(group=group) if group else None,
            membership=membership_status(user=user, group=group),
            is_moderator=is_group_moderator(user),
            guidelines=current_guidelines(),
            waiting=list(waiting_posts(user=user, forum=context["forum"])),
            review_hours=settings.PORTAL_GROUPS_REVIEW_HOURS,
            refusal=write_refusal(user) if user.is_authenticated else "",
        )
        return context
