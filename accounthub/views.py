"""The account hub's pages. Each maps a service's verdict to a response."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounthub.forms import DeleteAccountForm, GroupEmailForm, NotificationPreferencesForm
from accounthub.selectors import deletion_refusal, pending_deletion
from accounthub.services import (
    AccountError,
    data_export_record,
    data_export_stream,
    deletion_cancel,
    deletion_request,
)
from forums.moderation.selectors import member_posts, reports_by
from forums.selectors import member_groups, member_topic_subscriptions, topic_url
from forums.services import group_email_set, topic_unfollow
from forums.services import group_leave as forums_group_leave
from portal.audit.services import audit_record
from portal.notifications.services import (
    UNSUBSCRIBE_SALT,
    preferences_for,
    preferences_update,
    unsubscribe_all,
)


def _render(request: HttpRequest, template: str, section: str, context: dict) -> HttpResponse:
    return TemplateResponse(request, template, {"hub_section": section, **context})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    posts = member_posts(user=user)
    return _render(
        request,
        "accounthub/index.html",
        "index",
        {
            "memberships": member_groups(user=user),
            "post_count": len(posts),
            "waiting_count": sum(1 for post in posts if post.status in ("held", "hidden")),
            "report_count": len(reports_by(user=user)),
            "preferences": preferences_for(user=user),
            "deletion_refusal": deletion_refusal(user=user),
        },
    )


def _active_membership(user, group_id: int):
    for membership in member_groups(user=user):
        if membership.group_id == group_id and membership.status == "active":
            return membership
    raise Http404("You are not a member of this group.")


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    memberships = member_groups(user=request.user)
    for membership in memberships:
        membership.email_form = GroupEmailForm(
            initial={"mode": membership.email_mode}, prefix=f"g{membership.group_id}"
        )
    return _render(request, "accounthub/groups.html", "groups", {"memberships": memberships})


@require_POST
@login_required
def group_email(request: HttpRequest, group_id: int) -> HttpResponse:
    membership = _active_membership(request.user, group_id)
    form = GroupEmailForm(request.POST, prefix=f"g{group_id}")
    if not form.is_valid():
        messages.error(request, "Choose one of the email options for the group.")
        return redirect("accounthub_groups")
    group_email_set(user=request.user, group=membership.group, mode=form.cleaned_data["mode"])
    messages.success(request, f"Email choice saved for {membership.group.forum.name}.")
    return redirect("accounthub_groups")


@require_POST
@login_required
def group_leave(request: HttpRequest, group_id: int) -> HttpResponse:
    membership = _active_membership(request.user, group_id)
    with transaction.atomic():
        forums_group_leave(user=request.user, group=membership.group)
        group_email_set(user=request.user, group=membership.group, mode="off")
    messages.success(request, f"You left {membership.group.forum.name}.")
    return redirect("accounthub_groups")


@login_required
def posts(request: HttpRequest) -> HttpResponse:
    items = member_posts(user=request.user)
    for post in items:
        post.url = (
            f"{topic_url(post.topic)}?post={post.pk}#{post.pk}"
            if post.status == "published"
            else ""
        )
    return _render(request, "accounthub/posts.html", "posts", {"posts": items})


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "accounthub/reports.html", "reports", {"reports": reports_by(user=request.user)}
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return _render(request, "accounthub/security.html", "security", {})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = NotificationPreferencesForm(
        request.POST or None,
        preferences=preferences_for(user=user),
        memberships=[m for m in member_groups(user=user) if m.status == "active"],
        topics=member_topic_subscriptions(user=user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_preferences(user, form)
        except (ValueError, ValidationError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your email preferences are saved.")
            return redirect("notification_preferences")
    return _render(request, "accounthub/notifications.html", "notifications", {"form": form})


@transaction.atomic
def _save_preferences(user, form: NotificationPreferencesForm) -> None:
    preferences_update(
        user=user, muted_kinds=form.muted_kinds(), all_off=form.cleaned_data["all_off"]
    )
    by_id = {m.group_id: m for m in form.memberships}
    for group_id, mode in form.group_modes().items():
        if mode != by_id[group_id].email_mode:
            group_email_set(user=user, group=by_id[group_id].group, mode=mode)
    for topic_id in form.unfollowed_topic_ids():
        topic_unfollow(user=user, topic_id=topic_id)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; GET changes nothing
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not unsubscribe people); POST applies it,
    without logging in: the signed token is the authentication."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT).get("u")
    except (signing.BadSignature, AttributeError):
        user_id = None
    if user_id is None or not get_user_model().objects.filter(pk=user_id).exists():
        return TemplateResponse(
            request, "accounthub/unsubscribe.html", {"invalid": True}, status=404
        )
    if request.method == "POST":
        unsubscribe_all(token=token)
        audit_record(action="notifications.unsubscribed_all", actor=None, data={"user": user_id})
        return TemplateResponse(request, "accounthub/unsubscribe.html", {"done": True})
    return TemplateResponse(request, "accounthub/unsubscribe.html", {"token": token})


@login_required
def data(request: HttpRequest) -> HttpResponse:
    return _render(request, "accounthub/data.html", "data", {})


@require_POST
@login_required
def data_download(request: HttpRequest) -> StreamingHttpResponse:
    data_export_record(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = StreamingHttpResponse(
        data_export_stream(user=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="my-portal-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    refusal = deletion_refusal(user=user)
    pending = pending_deletion(user=user)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and not refusal and pending is None and form.is_valid():
        try:
            deletion_request(user=user, password=form.cleaned_data["password"])
        except AccountError as error:
            form.add_error("password", str(error))
        else:
            messages.warning(request, "Your account will be deleted. You can undo this below.")
            return redirect("accounthub_delete")
    return _render(
        request,
        "accounthub/delete.html",
        "delete",
        {
            "form": form,
            "refusal": refusal,
            "pending": pending,
            "grace_days": settings.PORTAL_ACCOUNT_DELETION_GRACE_DAYS,
        },
    )


@require_POST
@login_required
def delete_undo(request: HttpRequest) -> HttpResponse:
    if deletion_cancel(user=request.user):
        messages.success(request, "Your account will not be deleted. Nothing was removed.")
    else:
        messages.info(request, "There was no deletion to undo.")
    return redirect("accounthub_index")
