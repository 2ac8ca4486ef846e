"""The search page and the autocomplete's JSON: thin views over search.selectors."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.core.models import SiteSafetySettings
from portal.taxonomy.models import Condition
from search.backends.base import SORT_DATE, SORT_RELEVANCE
from search.forms import SearchForm, SuggestForm
from search.models import DocumentKind
from search.selectors import promoted_results, query_parse, search_results, suggestions
from search.services import query_crisis, query_log_record

RESULTS_PER_PAGE = 10
KIND_LABELS = dict(DocumentKind.choices)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict = {"form": form, "query": "", "results": None}
    if not form.is_valid():
        return TemplateResponse(request, "search/search.html", context, status=400)
    data = form.cleaned_data
    query = data["q"]
    context["query"] = query
    if query:
        context.update(_results(request, data, typed=form.data.get("q", "")))
    return TemplateResponse(request, "search/search.html", context)


def _results(request: HttpRequest, data: dict, *, typed: str) -> dict:
    crisis = query_crisis(text=typed)
    # A query with crisis language is searched exactly as typed: no word is "corrected".
    parsed = query_parse(text=data["q"], correct=not crisis)
    state = {
        "q": data["q"],
        "type": data.get("type") or "",
        "condition": data.get("condition"),
        "sort": data.get("sort") or SORT_RELEVANCE,
    }
    page = data.get("page") or 1
    options = {"kind": state["type"], "condition_id": state["condition"], "sort": state["sort"]}
    results = search_results(user=request.user, query=parsed, page=page, **options)
    pages = max(1, math.ceil(results.total / RESULTS_PER_PAGE))
    if page > pages:
        page = pages
        results = search_results(user=request.user, query=parsed, page=page, **options)
    filtered = bool(state["type"] or state["condition"])
    if page == 1 and not filtered:
        query_log_record(query=typed, result_count=results.total)
    return {
        "crisis": crisis,
        "results": results,
        "hits": [(hit, KIND_LABELS.get(hit.kind, hit.kind)) for hit in results.hits],
        "corrections": parsed.corrections,
        "promoted": promoted_results(text=data["q"]) if page == 1 else [],
        "kind_facets": _kind_facets(results, state),
        "condition_facets": _condition_facets(results, state),
        "sort_links": _sort_links(state),
        "state": state,
        "pagination": _pagination(state, page, pages),
        "today": timezone.localdate(),
    }


def _url(state: dict, **changes) -> str:
    merged = {**state, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _kind_facets(results, state: dict) -> list[dict]:
    return [
        {
            "label": label,
            "count": results.kind_counts.get(value, 0),
            "url": _url(state, type=value),
            "selected": state["type"] == value,
        }
        for value, label in DocumentKind.choices
        if results.kind_counts.get(value) or state["type"] == value
    ]


def _condition_facets(results, state: dict) -> list[dict]:
    ids = set(results.condition_counts) | ({state["condition"]} if state["condition"] else set())
    conditions = Condition.objects.filter(pk__in=ids).only("name", "lay_name").order_by("name")
    return [
        {
            "label": condition.display_name,
            "count": results.condition_counts.get(condition.pk, 0),
            "url": _url(state, condition=condition.pk),
            "selected": state["condition"] == condition.pk,
        }
        for condition in conditions
    ]


def _sort_links(state: dict) -> list[dict]:
    return [
        {"label": label, "url": _url(state, sort=value), "selected": state["sort"] == value}
        for value, label in ((SORT_RELEVANCE, "Relevance"), (SORT_DATE, "Newest first"))
    ]


def _pagination(state: dict, page: int, pages: int) -> dict:
    return {
        "number": page,
        "pages": pages,
        "previous": _url(state, page=page - 1) if page > 1 else "",
        "next": _url(state, page=page + 1) if page < pages else "",
    }


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Titles for the autocomplete: editorial content only, the same for every reader."""
    form = SuggestForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": "Please shorten your search."}, status=400)
    text = form.cleaned_data["q"]
    found = [
        {"text": s.text, "url": s.url, "kind": KIND_LABELS.get(s.kind, s.kind)}
        for s in suggestions(text=text)
    ]
    if query_crisis(text=text):
        found.insert(0, _crisis_suggestion(request))
    response = JsonResponse({"suggestions": found})
    response["Cache-Control"] = "public, max-age=60"
    return response


def _crisis_suggestion(request: HttpRequest) -> dict:
    """The crisis line, first in the list: choosing it dials the line."""
    safety = SiteSafetySettings.load(request_or_site=request)
    return {
        "text": safety.crisis_line_text,
        "url": f"tel:{safety.crisis_line_phone}",
        "kind": f"Call {safety.crisis_line_phone} now",
        "crisis": True,
    }
