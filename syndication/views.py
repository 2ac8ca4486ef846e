"""Thin admin views: read through selectors, change through services."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.audit.forms import AuditFilterForm
from portal.audit.selectors import audit_csv_rows, audit_events
from portal.audit.services import audit_record
from portal.core.submissions import once_per_submission
from syndication import app_settings
from syndication.adapters.base import AdapterError
from syndication.forms import ComposeForm, DecisionForm, QueueFilterForm, ReconcileForm
from syndication.gates import GateRefused, source_problems
from syndication.models import Channel, Delivery, DeliveryStatus, SyndicationPost
from syndication.selectors import (
    POST_TARGET_TYPE,
    channel_check,
    delivery_views,
    draft_links,
    link_card,
    marked_body,
    post_history,
    queue,
    syndicatable_pages,
)
from syndication.services import (
    EDITABLE,
    TransitionRefused,
    approve_all_refusals,
    current_step,
    delivery_decide,
    delivery_reconcile,
    delivery_remove,
    delivery_retry,
    may_review,
    post_approve_all,
    post_cancel,
    post_compose,
    post_submit,
    post_update,
    prefill_text,
)

POSTS_PER_PAGE = 30
PARTS = {  # what the live check re-renders on the compose page
    "count": "syndication/admin/includes/check_count.html",
    "checks": "syndication/admin/includes/check_problems.html",
    "preview": "syndication/admin/includes/platform_preview.html",
}


@permission_required("syndication.view_syndicationpost", raise_exception=True)
def queue_view(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    posts = queue(status=filters.get("status", ""), channel=filters.get("channel"))
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "syndication/admin/queue.html", {"form": form, "page_obj": page}
    )


def _compose_form(
    request, *, channels, initial_texts, links, initial=None, creating=False
) -> ComposeForm:
    return ComposeForm(
        request.POST or None,
        submission_user=request.user if creating else None,
        channels=channels,
        initial_texts=initial_texts,
        links=links,
        initial=initial,
    )


@permission_required("syndication.add_syndicationpost", raise_exception=True)
def compose_start(request: HttpRequest) -> HttpResponse:
    """Compose from the queue or the dashboard: choose a live, vetted page first."""
    query = request.GET.get("q", "")[:200]
    context = {"pages": syndicatable_pages(query=query), "query": query}
    return TemplateResponse(request, "syndication/admin/compose_start.html", context)


@permission_required("syndication.add_syndicationpost", raise_exception=True)
@once_per_submission("syndication.compose")
def compose(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    problems = source_problems(page)
    channels = list(Channel.objects.filter(enabled=True))
    form = _compose_form(
        request,
        channels=channels,
        initial_texts={c.pk: prefill_text(page) for c in channels},
        links=draft_links(page=page, channels=channels),
        creating=True,
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
    context = {
        "form": form,
        "page": page,
        "problems": problems,
        "post": None,
        "checks": form_checks(form, page),
    }
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
    context = {
        "form": form,
        "page": page,
        "problems": problems,
        "post": post,
        "checks": form_checks(form, page),
    }
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
        "approve_all": _approve_all_offer(request.user, post, views),
    }
    return TemplateResponse(request, "syndication/admin/detail.html", context)


def _approve_all_offer(user, post: SyndicationPost, views) -> dict | None:
    """For a compliance reviewer, when two or more channels await approval: whether one
    action may approve them all, and if not, why."""
    awaiting = [v for v in views if v.delivery.status == DeliveryStatus.AWAITING_APPROVAL]
    if not user.has_perm("syndication.approve_syndicationpost") or len(awaiting) < 2:
        return None
    return {"channels": len(awaiting), "refusals": approve_all_refusals(post=post, user=user)}


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
@permission_required("syndication.approve_syndicationpost", raise_exception=True)
def approve_all(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(SyndicationPost, pk=post_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    action = lambda: post_approve_all(post=post, actor=request.user, comment=comment)  # noqa: E731
    return _act(request, post_id, action, "Approved for every channel.")


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


LIVE_CHECK_MAX_CHANNELS = 20
LIVE_CHECK_MAX_TEXT = 70000


class LiveCheckInput(ValueError):
    """The live check's request body is not what the compose page sends."""


def _positive_int(value, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not str(value).isdigit():
        raise LiveCheckInput(f"{name} must be a number.")
    return int(value)


def _live_check_payload(body: bytes) -> dict:
    """``{"page": id | "post": id, "channels": {id: text}, "image_alt": str, "image": id}``"""
    try:
        payload = json.loads(body or b"null")
    except ValueError as error:
        raise LiveCheckInput("The body is not JSON.") from error
    if not isinstance(payload, dict):
        raise LiveCheckInput("Send a JSON object.")
    texts = payload.get("channels")
    if not isinstance(texts, dict) or not 0 < len(texts) <= LIVE_CHECK_MAX_CHANNELS:
        raise LiveCheckInput("channels must map channel numbers to texts.")
    if not all(isinstance(t, str) and len(t) <= LIVE_CHECK_MAX_TEXT for t in texts.values()):
        raise LiveCheckInput("Each channel's text must be a string.")
    image_alt = payload.get("image_alt", "")
    if not isinstance(image_alt, str) or len(image_alt) > LIVE_CHECK_MAX_TEXT:
        raise LiveCheckInput("image_alt must be a string.")
    page_id, post_id = payload.get("page"), payload.get("post")
    if (page_id is None) == (post_id is None):
        raise LiveCheckInput("Give either page or post.")
    return {
        "texts": {_positive_int(k, "A channel"): t for k, t in texts.items()},
        "image_alt": image_alt,
        "image": _positive_int(payload.get("image") or None, "image"),
        "page": _positive_int(page_id, "page"),
        "post": _positive_int(post_id, "post"),
    }


def _live_check_targets(data: dict) -> tuple[Page | None, dict[int, Channel], dict[int, str]]:
    """The source page, the channels and their links: the post's own (editing) or draft
    links (composing)."""
    if data["post"] is not None:
        post = SyndicationPost.objects.filter(pk=data["post"]).first()
        if post is None:
            raise LiveCheckInput("No such post.")
        deliveries = post.deliveries.select_related("channel")
        channels = {d.channel_id: d.channel for d in deliveries}
        links = {d.channel_id: d.link for d in deliveries}
        page = post.source_page.specific if post.source_page else None
    else:
        page = Page.objects.filter(pk=data["page"]).first()
        if page is None:
            raise LiveCheckInput("No such page.")
        page = page.specific
        channels = {c.pk: c for c in Channel.objects.filter(pk__in=data["texts"])}
        links = draft_links(page=page, channels=list(channels.values()))
    if not set(data["texts"]) <= set(channels):
        raise LiveCheckInput("Unknown channel for this post.")
    return page, channels, links


def _span_json(span) -> dict:
    return {
        "kind": span.kind,
        "field": span.field,
        "start": span.start,
        "end": span.end,
        "found": span.found,
    }


def _check_context(check, *, card, image) -> dict:
    """What the status and preview templates need for one channel."""
    attached = image if image is not None and check.sends_image else None
    return {
        "check": check,
        "channel": check.channel,
        "length": check.verdict.length,
        "body": marked_body(check),
        "link_in_text": check.posted_text != check.text.strip(),
        "image": attached,
        "card": None if attached is not None else card,
    }


def _check_json(check, *, card, image) -> dict:
    verdict, length = check.verdict, check.verdict.length
    context = _check_context(check, card=card, image=image)
    return {
        "channel": check.channel.pk,
        "name": check.channel.name,
        "platform": check.channel.platform,
        "platform_label": check.channel.get_platform_display(),
        "ok": not check.problems,
        "count": {
            "used": length.used,
            "limit": length.limit,
            "unit": length.unit,
            "over": max(0, -length.remaining),
            "label": length.summary,
        },
        "problems": [{"code": p.code, "message": p.message} for p in check.problems],
        "banned": [_span_json(s) for s in verdict.banned],
        "phi": [_span_json(s) for s in verdict.phi],
        "crisis": verdict.crisis,
        "preview": {
            "text": check.posted_text,
            "link": check.link,
            "image": context["image"],
            "card": asdict(context["card"]) if context["card"] is not None else None,
        },
        "html": {part: render_to_string(name, context) for part, name in PARTS.items()},
    }


def _preview_image(image_id: int | None, image_alt: str) -> dict | None:
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(pk=image_id).first() if image_id else None
    if image is None:
        return None
    return {"url": image.get_rendition("max-600x400").url, "alt": image_alt}


def _checks(*, page, channels, texts, links, image_alt: str) -> list:
    return [
        channel_check(
            source=page, channel=channels[cid], text=text, link=links[cid], image_alt=image_alt
        )
        for cid, text in texts.items()
    ]


def form_checks(form: ComposeForm, page) -> dict[int, dict]:
    """The live check's first answer, rendered with the page (and without JavaScript)."""
    image_alt = str(form["image_alt"].value() or "")
    image_id = form["image"].value()
    image = _preview_image(int(image_id) if str(image_id).isdigit() else None, image_alt)
    channels = {c.pk: c for c in form.channels}
    texts = {pk: str(form[f"text_{pk}"].value() or "") for pk in channels}
    checks = _checks(
        page=page, channels=channels, texts=texts, links=form.links, image_alt=image_alt
    )
    cards = {pk: link_card(page=page, link=link) for pk, link in form.links.items()} if page else {}
    return {
        c.channel.pk: _check_context(c, card=cards.get(c.channel.pk), image=image) for c in checks
    }


def _over_live_check_rate(user) -> bool:
    """A fixed one-minute window per person, counted in the cache."""
    key = f"syndication-live-check:{user.pk}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=90)
    return cache.incr(key) > app_settings.live_checks_per_minute()


@require_POST
def live_check(request: HttpRequest) -> JsonResponse:
    """Each channel's verdict as the editor types: the gates submit runs (screening,
    banned claims, the platform's count, the link), with spans, and the post as each
    platform will show it. Read-only; the form still validates on submit."""
    if not (
        request.user.has_perm("syndication.add_syndicationpost")
        or request.user.has_perm("syndication.change_syndicationpost")
    ):
        return JsonResponse({"error": "Only editors compose social posts."}, status=403)
    if _over_live_check_rate(request.user):
        return JsonResponse({"error": "Too many checks: wait a moment."}, status=429)
    try:
        data = _live_check_payload(request.body)
        page, channels, links = _live_check_targets(data)
    except LiveCheckInput as error:
        return JsonResponse({"error": str(error)}, status=400)
    card = {cid: link_card(page=page, link=link) for cid, link in links.items()} if page else {}
    image = _preview_image(data["image"], data["image_alt"])
    checks = _checks(
        page=page, channels=channels, texts=data["texts"], links=links, image_alt=data["image_alt"]
    )
    return JsonResponse(
        {
            "source_problems": [asdict(p) for p in source_problems(page)],
            "channels": [_check_json(c, card=card.get(c.channel.pk), image=image) for c in checks],
        }
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
    # Only syndication posts' events, whatever object type the filter form asked for.
    filters = {**filters, "target_type": POST_TARGET_TYPE}
    events = audit_events(**filters).order_by("occurred_at", "id")
    audit_record(
        action="syndication.exported",
        data={"scope": "range", **{k: str(v) for k, v in filters.items() if v}},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return _csv_response(events.iterator(), f"syndication-{stamp}.csv")
