"""Site search on Wagtail's database back-end (the Search issue extends it across content)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

from search.forms import SearchForm

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict = {"form": form, "query": "", "results": None}
    if not form.is_valid():
        return TemplateResponse(request, "search/search.html", context, status=400)
    query = form.cleaned_data["q"]
    context["query"] = query
    context["page_query"] = urlencode({"q": query})
    if query:
        matches = Page.objects.live().public().specific().search(query)
        paginator = Paginator(matches, RESULTS_PER_PAGE)
        context["results"] = paginator.get_page(form.cleaned_data.get("page") or 1)
    return TemplateResponse(request, "search/search.html", context)
