"""Support-group pages the portal adds around machina: index, joining, leaving,
guidelines and the moderators' join requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forums.forms import GuidelinesForm, JoinForm
from forums.models import GroupKind, MemberProfile, Membership, MembershipStatus, SupportGroup
from forums.selectors import (
    current_guidelines,
    is_group_moderator,
    post_link_target,
    topic_link_target,
    visible_groups,
)
from forums.services import group_join, group_leave, guidelines_accept, membership_decide
from portal.core.redirects import safe_next
from portal.core.submissions import once_per_submission


def groups_index(request: HttpRequest) -> HttpResponse:
    groups = visible_groups(user=request.user)
    memberships = {}
    if request.user.is_authenticated:
        memberships = dict(
            Membership.objects.filter(user=request.user).values_list("group_id", "status")
        )
    context = {"groups": groups, "memberships": memberships}
    if is_group_moderator(request.user):
        from forums.moderation.selectors import open_item_count

        context["moderation"] = {
            "open_items": open_item_count(),
            "join_requests": Membership.objects.filter(status=MembershipStatus.PENDING).count(),
        }
    return TemplateResponse(request, "forums/groups_index.html", context)


@login_required
def topic_link(request: HttpRequest, topic_id: int) -> HttpResponse:
    """An email's opaque topic link: the topic's page for a reader who may read it, a 404
    for anyone else (after the login every id asks for, so nothing is confirmed)."""
    target = topic_link_target(
        topic_id=topic_id, user=request.user, handler=request.forum_permission_handler
    )
    return _to_target(target)


@login_required
def post_link(request: HttpRequest, post_id: int) -> HttpResponse:
    """An email's opaque post link, checked like ``topic_link``."""
    target = post_link_target(
        post_id=post_id, user=request.user, handler=request.forum_permission_handler
    )
    return _to_target(target)


def _to_target(target: str | None) -> HttpResponse:
    if target is None:
        raise Http404("No such topic")
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@once_per_submission("forums.join")
def join_group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.exclude(kind=GroupKind.PRIVATE), pk=group_id)
    return _join(request, group)


@login_required
@once_per_submission("forums.join")
def join_private_group(request: HttpRequest, token) -> HttpResponse:
    return _join(request, get_object_or_404(SupportGroup, invite_token=token))


def _join(request: HttpRequest, group: SupportGroup) -> HttpResponse:
    guidelines = current_guidelines()
    has_profile = MemberProfile.objects.filter(user=request.user).exists()
    form = JoinForm(
        request.POST if request.method == "POST" else None, submission_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = group_join(
                user=request.user,
                group=group,
                accepted_guidelines_version=form.cleaned_data["guidelines_version"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            field = "display_name" if error.code != "guidelines" else "accept_guidelines"
            form.add_error(field, error)
        else:
            return _after_join(request, group, membership)
    context = {"group": group, "guidelines": guidelines, "form": form, "has_profile": has_profile}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "forums/join.html", context, status=status)


def _after_join(request, group: SupportGroup, membership: Membership) -> HttpResponse:
    if membership.status == MembershipStatus.PENDING:
        messages.info(request, "Your request to join was sent to the moderators.")
        return HttpResponseRedirect(reverse("groups_index"))
    messages.success(request, f"Welcome to {group.forum.name}.")
    return HttpResponseRedirect(reverse("forum:forum", args=[group.forum.slug, group.forum.pk]))


@require_POST
@login_required
def leave_group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(SupportGroup, pk=group_id)
    group_leave(user=request.user, group=group)
    messages.success(request, f"You left {group.forum.name}.")
    return HttpResponseRedirect(reverse("groups_index"))


@login_required
def guidelines(request: HttpRequest) -> HttpResponse:
    current = current_guidelines()
    if current is None:
        raise Http404("No guidelines published")
    form = GuidelinesForm(
        request.POST if request.method == "POST" else None,
        initial={"guidelines_version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            guidelines_accept(user=request.user, version=form.cleaned_data["guidelines_version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you. You can post again.")
            return HttpResponseRedirect(reverse("groups_index"))
    context = {"guidelines": current, "form": form}
    return TemplateResponse(
        request, "forums/guidelines.html", context, status=400 if form.errors else 200
    )


def require_moderator(request: HttpRequest) -> None:
    """Moderators only; to anyone else these screens do not exist (404)."""
    if not is_group_moderator(request.user):
        raise Http404


@login_required
def join_requests(request: HttpRequest) -> HttpResponse:
    require_moderator(request)
    pending = (
        Membership.objects.filter(status=MembershipStatus.PENDING)
        .select_related("group__forum", "user__group_profile")
        .order_by("joined_at")
    )
    return TemplateResponse(request, "forums/join_requests.html", {"pending": pending})


@require_POST
@login_required
def decide_join_request(request: HttpRequest, membership_id: int) -> HttpResponse:
    require_moderator(request)
    membership = get_object_or_404(Membership, pk=membership_id)
    try:
        membership_decide(
            membership=membership,
            approve=request.POST.get("decision") == "approve",
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return HttpResponseRedirect(reverse("group_join_requests"))


@require_POST
@login_required
def subscribe_group(request: HttpRequest, group_id: int) -> HttpResponse:
    """Follow a group the member belongs to (public groups: anyone logged in)."""
    from forums.models import GroupSubscription

    group = get_object_or_404(SupportGroup, pk=group_id)
    checker = request.forum_permission_handler._get_checker(request.user)
    if not checker.has_perm("can_read_forum", group.forum):
        raise Http404
    digest = request.POST.get("digest") == "1"
    GroupSubscription.objects.update_or_create(
        user=request.user, group=group, defaults={"digest": digest}
    )
    messages.success(
        request,
        "You will get a daily digest." if digest else "You will get an email for each new post.",
    )
    return HttpResponseRedirect(reverse("groups_index"))


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from an email link (RFC 8058): GET asks, POST applies. The signed
    token is the authentication, so it works without logging in or a CSRF cookie."""
    from django.core import signing

    from forums.notifications import read_unsubscribe_token
    from forums.notifications import unsubscribe as apply_unsubscribe

    try:
        read_unsubscribe_token(token)
    except signing.BadSignature as error:
        raise Http404("This unsubscribe link is not valid.") from error
    if request.method == "POST":
        apply_unsubscribe(token=token)
        return TemplateResponse(request, "forums/unsubscribed.html", {"done": True})
    return TemplateResponse(request, "forums/unsubscribed.html", {"done": False})


@require_POST
@login_required
def anonymise_member(request: HttpRequest, user_id: int) -> HttpResponse:
    """Moderators replace a member's display name with a neutral one."""
    from forums.services import member_display_name_anonymise
    from portal.accounts.models import User

    require_moderator(request)
    member = get_object_or_404(User, pk=user_id, group_profile__isnull=False)
    try:
        member_display_name_anonymise(
            user=member, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The display name was anonymised.")
    return HttpResponseRedirect(
        safe_next(request, request.POST.get("next"), reverse("group_join_requests"))
    )
