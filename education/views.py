from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from education.selectors import library_pages
from physicians.selectors import blog_posts
from portal.taxonomy.models import Condition

HUB_POSTS = 5


def condition_hub(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything live about one condition: education pages, physicians' posts."""
    condition = get_object_or_404(Condition, slug=slug)
    context = {
        "condition": condition,
        "pages": library_pages(condition=condition),
        "posts": blog_posts(condition=condition)[:HUB_POSTS],
        "groups": condition.support_groups.exclude(kind="private").select_related("forum"),
    }
    return TemplateResponse(request, "education/condition_hub.html", context)
