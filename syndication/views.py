"""Thin admin views: read through selectors, change through services."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.audit.forms import AuditFilterForm
from portal.audit.selectors import audit_csv_rows, audit_events
from portal.audit.services import audit_record
from syndication.adapters.base import AdapterError
from syndication.forms import ComposeForm, DecisionForm, QueueFilterForm, ReconcileForm
from syndication.gates import GateRefused, source_problems
from syndication.models import Channel, Delivery, DeliveryStatus, Platform, SyndicationPost
from syndication.selectors import POST_TARGET_TYPE, delivery_views, post_history, queue
from syndication.services import (
    EDITABLE,
    TransitionRefused,
    current_step,
    delivery_decide,
    delivery_reconcile,
    delivery_remove,
    delivery_retry,
    may_review,
    post_cancel,
    post_compose,
    post_submit,
    post_update,
    prefill_text,
)
from syndication.text import check_length, tracked_link

POSTS_PER_PAGE = 30


@permission_required("syndication.view_syndicationpost", raise_exception=True)
def queue_view(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    posts = queue(status=filters.get("status", ""), channel=filters.get("channel"))
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "syndication/admin/queue.html", {"form": form, "page_obj": page}
    )


def _compose_form(request, *, channels, initial_texts, links, initial=None) -> ComposeForm:
    return ComposeForm(
        request.POST or None,
        channels=channels,
        initial_texts=initial_texts,
        links=links,
        initial=initial,
    )


def _draft_links(page, channels) -> dict[int, str]:
    """Links for the preview before the post exists (its number is not known yet)."""
    return {
        c.pk: tracked_link(page.full_url, post_id=0, channel_id=c.pk, platform=c.platform)
        for c in channels
    }


@permission_required("syndication.add_syndicationpost", raise_exception=True)
def compose(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    problems = source_problems(page)
    channels = list(Channel.objects.filter(enabled=True))
    form = _compose_form(
        request,
        channels=channels,
        initial_texts={c.pk: prefill_text(page) for c in channels},
        links=_draft_links(page, channels),
    )
    if request.method == "POST" and not problems and form.is_valid():
        try:
            post = post_compose(
                source=page,
                actor=request.user,
                channels=form.chosen_channels(),
                texts=form.texts(),
                image=form.cleaned_data["image"],
                image_alt=form.cleaned_data["image_alt"],
                scheduled_at=form.cleaned_data["scheduled_at"],
            )
        except GateRefused as refused:
            problems = refused.problems
        else:
            messages.success(request, "Draft saved. Check the preview, then submit it.")
            return redirect("syndication_post", post.pk)
    context = {"form": form, "page": page, "problems": problems, "post": None}
    return TemplateResponse(request, "syndication/admin/compose.html", context)


@permission_required("syndication.change_syndicationpost", raise_exception=True)
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(SyndicationPost, pk=post_id)
    if post.status not in EDITABLE:
        messages.error(request, "This post can no longer be edited.")
        return redirect("syndication_post", post.pk)
    deliveries = list(post.deliveries.select_related("channel"))
    form = _compose_form(
        request,
        channels=[d.channel for d in deliveries],
        initial_texts={d.channel_id: d.text for d in deliveries},
        links={d.channel_id: d.link for d in deliveries},
        initial={
            "image": post.image,
            "image_alt": post.image_alt,
            "scheduled_at": post.scheduled_at,
        },
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            post_update(
                post=post,
                actor=request.user,
                texts=form.texts(),
                image=form.cleaned_data["image"],
                image_alt=form.cleaned_data["image_alt"],
                scheduled_at=form.cleaned_data["scheduled_at"],
            )
        except (GateRefused, TransitionRefused) as refused:
            problems = getattr(refused, "problems", [str(refused)])
        else:
            messages.success(request, "Saved.")
            return redirect("syndication_post", post.pk)
    page = post.source_page.specific if post.source_page else None
    context = {"form": form, "page": page, "problems": problems, "post": post}
    return TemplateResponse(request, "syndication/admin/compose.html", context)


@permission_required("syndication.view_syndicationpost", raise_exception=True)
def detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(SyndicationPost.objects.select_related("composed_by"), pk=post_id)
    views = delivery_views(post=post)
    for view in views:
        step = current_step(view.delivery)
        view.refusal = (
            may_review(user=request.user, delivery=view.delivery, step=step)
            if step is not False
            else None
        )
    context = {
        "title": f"Syndication #{post.pk}",
        "post": post,
        "deliveries": views,
        "history": post_history(post=post),
        "editable": post.status in EDITABLE,
        "statuses": DeliveryStatus,
    }
    return TemplateResponse(request, "syndication/admin/detail.html", context)


def _act(request: HttpRequest, post_id: int, action: Callable[[], object], done: str):
    try:
        action()
    except GateRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem.message)
    except (TransitionRefused, AdapterError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("syndication_post", post_id)


@require_POST
@permission_required("syndication.change_syndicationpost", raise_exception=True)
def submit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(SyndicationPost, pk=post_id)
    action = lambda: post_submit(post=post, actor=request.user)  # noqa: E731
    return _act(request, post_id, action, "Submitted for approval.")


@require_POST
@permission_required("syndication.change_syndicationpost", raise_exception=True)
def cancel(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(SyndicationPost, pk=post_id)
    return _act(request, post_id, lambda: post_cancel(post=post, actor=request.user), "Cancelled.")


@require_POST
@permission_required("syndication.approve_syndicationpost", raise_exception=True)
def decide(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    return _act(
        request,
        delivery.post_id,
        lambda: delivery_decide(
            delivery=delivery,
            actor=request.user,
            approve=approve,
            comment=form.cleaned_data.get("comment", ""),
        ),
        "Approved." if approve else "Changes requested.",
    )


@require_POST
@permission_required("syndication.reconcile_syndicationpost", raise_exception=True)
def reconcile(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    form = ReconcileForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether the post is on the channel.")
        return redirect("syndication_post", delivery.post_id)
    return _act(
        request,
        delivery.post_id,
        lambda: delivery_reconcile(
            delivery=delivery,
            actor=request.user,
            posted=form.cleaned_data["posted"],
            remote_url=form.cleaned_data.get("remote_url") or "",
        ),
        "Reconciled.",
    )


@require_POST
@permission_required("syndication.change_syndicationpost", raise_exception=True)
def retry(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    action = lambda: delivery_retry(delivery=delivery, actor=request.user)  # noqa: E731
    return _act(request, delivery.post_id, action, "Queued again.")


@require_POST
@permission_required("syndication.recall_syndicationpost", raise_exception=True)
def remove(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    action = lambda: delivery_remove(delivery=delivery, actor=request.user)  # noqa: E731
    return _act(request, delivery.post_id, action, "Deleted from the channel.")


@require_POST
@permission_required("syndication.add_syndicationpost", raise_exception=True)
def preview(request: HttpRequest) -> JsonResponse:
    """Live length check, counted the way each platform counts."""
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    platform, text = payload.get("platform", ""), str(payload.get("text", ""))[:70000]
    if platform not in Platform.values:
        return JsonResponse({"error": "unknown platform"}, status=400)
    length = check_length(text, str(payload.get("link", "https://example.org/")), platform)
    return JsonResponse(
        {"used": length.used, "limit": length.limit, "unit": length.unit, "ok": length.ok}
    )


def _csv_response(events, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(audit_csv_rows(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("syndication.export_syndicationpost", raise_exception=True)
def post_history_csv(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(SyndicationPost, pk=post_id)
    audit_record(action="syndication.exported", target=post, data={"scope": "post"})
    return _csv_response(post_history(post=post).iterator(), f"syndication-{post.pk}.csv")


@permission_required("syndication.export_syndicationpost", raise_exception=True)
def range_csv(request: HttpRequest) -> HttpResponse:
    """Every syndication event in a date range (inclusive days)."""
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    filters = form.filters() if form.is_bound else {}
    events = audit_events(**filters, target_type=POST_TARGET_TYPE).order_by("occurred_at", "id")
    audit_record(
        action="syndication.exported",
        data={"scope": "range", **{k: str(v) for k, v in filters.items() if v}},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return _csv_response(events.iterator(), f"syndication-{stamp}.csv")
