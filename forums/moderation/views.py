"""The moderators' screens (one queue, item, member) and the members' report and help
pages. Thin: each action calls one service and reports its refusal as a message."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from machina.apps.forum_conversation.models import Post

from forums.group_views import require_moderator
from forums.moderation import services
from forums.moderation.escalation import (
    AckLinkError,
    alert_message_for_token,
    crisis_alert_acknowledge,
)
from forums.moderation.forms import (
    ApproveForm,
    ConcernForm,
    NoteForm,
    RedactForm,
    RejectForm,
    ReportForm,
    RiskForm,
    SanctionForm,
    SlowModeForm,
)
from forums.moderation.models import (
    ItemKind,
    MemberMessage,
    ModerationItem,
    OnCallModerator,
    Sanction,
)
from forums.moderation.screening import highlight
from forums.moderation.selectors import (
    RISK_FILTERS,
    crisis_alert_history,
    member_history,
    member_messages,
    moderation_metrics,
    queue_items,
)
from portal.accounts.models import User
from portal.core.redirects import safe_next
from portal.core.submissions import once_per_submission

QUEUE_PAGE_SIZE = 50


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_moderator(request)
    kind = request.GET.get("kind", "")
    if kind not in ItemKind.values:
        kind = ""
    risk = request.GET.get("risk", "")
    if risk not in dict(RISK_FILTERS):
        risk = ""
    sort = "risk" if request.GET.get("sort") == "risk" else ""
    items = queue_items(kind=kind, risk=risk, sort=sort)
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {key: value for key, value in (("kind", kind), ("risk", risk), ("sort", sort)) if value}
    context = {
        "page": page,
        "kind": kind,
        "kinds": ItemKind.choices,
        "risk": risk,
        "risk_filters": RISK_FILTERS,
        "sort": sort,
        "query_string": urlencode(kept),
        "metrics": moderation_metrics(),
        "on_call": OnCallModerator.objects.filter(user=request.user).exists(),
        "reject_form": RejectForm(),
    }
    return TemplateResponse(request, "moderation/queue.html", context)


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    require_moderator(request)
    return _item_page(request, item_id)


def _item_page(request: HttpRequest, item_id: int, *, status: int = 200, **forms) -> HttpResponse:
    """The item with its forms; ``forms`` are bound ones to show again with their errors."""
    item = get_object_or_404(
        ModerationItem.objects.select_related("post__topic__forum", "author", "claimed_by"),
        pk=item_id,
    )
    phi = item.findings.get("phi", [])
    crisis = item.kind == ItemKind.CRISIS
    context = {
        "item": item,
        "highlighted": highlight(item.snapshot, [(m["start"], m["end"]) for m in phi]),
        "reports": item.reports.select_related("reporter__group_profile"),
        "redactions": item.post.redactions.select_related("moderator"),
        "history": member_history(member=item.author) if item.author else None,
        "approve_form": ApproveForm(crisis=crisis),
        "reject_form": RejectForm(crisis=crisis),
        "redact_form": RedactForm(initial={"text": str(item.post.content)}),
        "slow_form": SlowModeForm(initial={"minutes": _slow_minutes(item.post.topic)}),
        "sanction_form": SanctionForm(),
        "note_form": NoteForm(),
        "crisis_alert": crisis_alert_history(item=item),
    }
    if crisis:
        context["risk_form"] = RiskForm(initial={"level": item.risk_level})
        context["concern_form"] = ConcernForm()
        context["assessments"] = item.risk_assessments.select_related("assessed_by")
        context["messages_sent"] = item.messages.select_related("sent_by", "template")
    context.update(forms)
    return TemplateResponse(request, "moderation/item.html", context, status=status)


def _slow_minutes(topic) -> int:
    slow = getattr(topic, "slow_mode", None)
    return slow.interval_seconds // 60 if slow else 0


def _back(item_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("moderation_item", args=[item_id]))


def _refused(request: HttpRequest, item_id: int | None = None, **kwargs) -> HttpResponse:
    """A moderator's form without a genuine one-time token: nothing done, said so."""
    require_moderator(request)
    if item_id is None:
        return HttpResponseRedirect(_next(request, request.path))
    return _back(item_id)


def _run(request: HttpRequest, action, success: str) -> bool:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@require_POST
@login_required
def item_claim(request: HttpRequest, item_id: int) -> HttpResponse:
    require_moderator(request)
    if services.item_claim(item_id=item_id, moderator=request.user):
        messages.success(request, "You have claimed this item.")
    else:
        messages.error(request, "Another moderator has claimed this item, or it was decided.")
    return _back(item_id)


@require_POST
@login_required
@once_per_submission("moderation.decide", refused=_refused)
def item_decide(request: HttpRequest, item_id: int) -> HttpResponse:
    """Approve or reject. A form error (no reason; no outcome note on a crisis item, from
    the form or the service) shows the item again with the error by its field."""
    require_moderator(request)
    item = get_object_or_404(ModerationItem, pk=item_id)
    crisis = item.kind == ItemKind.CRISIS
    approve = request.POST.get("decision") == "approve"
    form = (ApproveForm if approve else RejectForm)(request.POST, crisis=crisis)
    name = "approve_form" if approve else "reject_form"
    if not form.is_valid():
        return _item_page(request, item_id, status=400, **{name: form})
    note = form.cleaned_data["outcome_note"]
    try:
        if approve:
            services.item_approve(item_id=item_id, moderator=request.user, outcome_note=note)
        else:
            services.item_reject(
                item_id=item_id,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                outcome_note=note,
            )
    except services.OutcomeNoteRequired as error:
        form.add_error("outcome_note", error)
        return _item_page(request, item_id, status=400, **{name: form})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(item_id)
    if approve:
        messages.success(request, "Approved: the post is visible.")
    elif crisis:
        messages.success(
            request,
            "Rejected: the post is hidden and the member was sent a supportive message "
            "with the crisis resources.",
        )
    else:
        messages.success(request, "Rejected: the post is hidden and the member was told why.")
    return HttpResponseRedirect(reverse("moderation_queue"))


@require_POST
@login_required
@once_per_submission("moderation.risk", refused=_refused)
def item_risk(request: HttpRequest, item_id: int) -> HttpResponse:
    require_moderator(request)
    form = RiskForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item_id, status=400, risk_form=form)
    _run(
        request,
        lambda: services.item_risk_set(
            item_id=item_id,
            moderator=request.user,
            level=form.cleaned_data["level"],
            factors=form.cleaned_data["factors"],
            note=form.cleaned_data["note"],
        ),
        "Risk level saved.",
    )
    return _back(item_id)


@require_POST
@login_required
@once_per_submission("moderation.concern", refused=_refused)
def item_concern(request: HttpRequest, item_id: int) -> HttpResponse:
    require_moderator(request)
    form = ConcernForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item_id, status=400, concern_form=form)
    _run(
        request,
        lambda: services.concern_message_send(
            item_id=item_id, moderator=request.user, template_id=form.cleaned_data["template"].pk
        ),
        "Message of concern sent: on the site and by email.",
    )
    return _back(item_id)


@require_POST
@login_required
@once_per_submission("moderation.redact", refused=_refused)
def item_redact(request: HttpRequest, item_id: int) -> HttpResponse:
    require_moderator(request)
    form = RedactForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The redacted text cannot be empty.")
        return _back(item_id)
    done = _run(
        request,
        lambda: services.post_redact(
            item_id=item_id, moderator=request.user, text=form.cleaned_data["text"]
        ),
        "Redacted: the original is kept for moderators.",
    )
    if done and form.cleaned_data["approve"]:
        approved = _run(
            request,
            lambda: services.item_approve(
                item_id=item_id,
                moderator=request.user,
                outcome_note=form.cleaned_data["approval_note"],
            ),
            "Approved: the post is visible.",
        )
        if approved:
            return HttpResponseRedirect(reverse("moderation_queue"))
    return _back(item_id)


@require_POST
@login_required
def item_topic(request: HttpRequest, item_id: int) -> HttpResponse:
    """Lock or unlock the item's topic, or set its slow mode."""
    require_moderator(request)
    topic = get_object_or_404(ModerationItem, pk=item_id).post.topic
    action = request.POST.get("action")
    if action in ("lock", "unlock"):
        _run(
            request,
            lambda: services.topic_lock(
                topic=topic, moderator=request.user, locked=action == "lock"
            ),
            "Topic locked." if action == "lock" else "Topic unlocked.",
        )
    else:
        form = SlowModeForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.topic_slow_mode_set(
                    topic=topic, moderator=request.user, seconds=form.cleaned_data["minutes"] * 60
                ),
                "Slow mode saved.",
            )
        else:
            messages.error(request, "Slow mode is between 0 minutes (off) and 7 days.")
    return _back(item_id)


@require_POST
@login_required
def bulk_decide(request: HttpRequest) -> HttpResponse:
    require_moderator(request)
    ids = [int(value) for value in request.POST.getlist("items") if value.isdigit()]
    if not ids:
        messages.error(request, "Select at least one item.")
        return HttpResponseRedirect(reverse("moderation_queue"))
    approve = request.POST.get("decision") == "approve"
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        result = services.items_bulk_decide(
            item_ids=ids, moderator=request.user, approve=approve, reason=reason
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        verb = "approved" if approve else "rejected"
        text = f"{result['done']} item(s) {verb}."
        if result["skipped"]:
            text += f" {result['skipped']} skipped (claimed by someone else or already decided)."
        messages.success(request, text)
        if result["crisis"]:
            messages.warning(
                request,
                f"{result['crisis']} crisis item(s) were not decided: crisis items are never "
                "decided in bulk. Open each one, set its risk level and write an outcome note.",
            )
    return HttpResponseRedirect(reverse("moderation_queue"))


@require_POST
@login_required
def on_call(request: HttpRequest) -> HttpResponse:
    require_moderator(request)
    on = request.POST.get("on_call") == "1"
    services.moderator_on_call_set(moderator=request.user, on_call=on)
    messages.success(
        request,
        "You are on call: crisis alerts are emailed to you at once." if on else "You are off call.",
    )
    return HttpResponseRedirect(reverse("moderation_queue"))


@login_required
@once_per_submission("moderation.member", refused=_refused)
def member(request: HttpRequest, user_id: int) -> HttpResponse:
    require_moderator(request)
    person = get_object_or_404(User.objects.select_related("group_profile"), pk=user_id)
    if request.method == "POST":
        _member_action(request, person)
        return HttpResponseRedirect(_next(request, request.path))
    context = {
        "member": person,
        "history": member_history(member=person),
        "sanction_form": SanctionForm(),
        "note_form": NoteForm(),
    }
    return TemplateResponse(request, "moderation/member.html", context)


def _member_action(request: HttpRequest, person) -> None:
    action = request.POST.get("action")
    if action == "note":
        form = NoteForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.member_note_add(
                    member=person, moderator=request.user, body=form.cleaned_data["body"]
                ),
                "Note saved.",
            )
        else:
            messages.error(request, "The note is empty or too long.")
    elif action == "lift":
        sanction = get_object_or_404(Sanction, pk=request.POST.get("sanction"), member=person)
        _run(
            request,
            lambda: services.sanction_lift(sanction=sanction, moderator=request.user),
            "Sanction lifted.",
        )
    else:
        form = SanctionForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.member_sanction(
                    member=person,
                    moderator=request.user,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    duration=form.cleaned_data["duration"],
                ),
                "Sanction recorded.",
            )
        else:
            messages.error(request, "Choose a sanction and give a reason.")


@login_required
@once_per_submission("moderation.report")
def report(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    form = ReportForm(
        request.POST if request.method == "POST" else None, submission_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(
                post=post,
                reporter=request.user,
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you. The moderators will look at this post.")
            topic = post.topic
            return HttpResponseRedirect(
                reverse(
                    "forum_conversation:topic",
                    args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
                )
            )
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "moderation/report.html", {"form": form, "post": post}, status=status
    )


def _readable_post(request: HttpRequest, post_id: int):
    post = get_object_or_404(Post.objects.select_related("topic__forum"), pk=post_id, approved=True)
    handler = request.forum_permission_handler
    if not handler.can_read_forum(post.topic.forum, request.user):
        raise Http404
    return post


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The member's private messages from the moderators (part of their account pages)."""
    page = Paginator(member_messages(user=request.user), 20).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "moderation/inbox.html", {"page": page, "hub_section": "messages"}
    )


@login_required
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    """One message, only for the member it was sent to (404 for anyone else)."""
    try:
        found = services.member_message_open(member=request.user, message_id=message_id)
    except MemberMessage.DoesNotExist as error:
        raise Http404 from error
    return TemplateResponse(
        request, "moderation/message.html", {"message": found, "hub_section": "messages"}
    )


def crisis_help(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "moderation/crisis_help.html", {})


def support_help(request: HttpRequest) -> HttpResponse:
    """Shown after a post held for an uncertain (concern-level) signal: gentle resources."""
    context = {"review_hours": settings.PORTAL_GROUPS_REVIEW_HOURS}
    return TemplateResponse(request, "moderation/support_help.html", context)


@require_POST
@login_required
def warning_ack(request: HttpRequest, sanction_id: int) -> HttpResponse:
    services.warning_acknowledge(member=request.user, sanction_id=sanction_id)
    return HttpResponseRedirect(_next(request, reverse("forum:index")))


def _next(request: HttpRequest, default: str) -> str:
    return safe_next(request, request.POST.get("next"), default)


_ACK_LINK_STATUS = {"unknown": 404, "expired": 410, "closed": 410}


@never_cache
@require_http_methods(["GET", "POST"])
def crisis_alert_ack(request: HttpRequest, token: str) -> HttpResponse:
    """A crisis alert's acknowledgement link. GET only shows the alert and a button (mail
    scanners open links); POST records the acknowledgement. No login: the opaque token,
    sent to one person, is the authentication, and it can do nothing but acknowledge."""
    try:
        message = alert_message_for_token(token)
        if request.method == "POST":
            crisis_alert_acknowledge(message_id=message.pk, actor=request.user)
            return HttpResponseRedirect(request.path)
    except AckLinkError as error:
        return _ack_page(request, {"problem": error.reason}, status=_ACK_LINK_STATUS[error.reason])
    return _ack_page(request, {"message": message, "alert": message.alert})


def _ack_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    response = TemplateResponse(request, "moderation/crisis_alert_ack.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response
