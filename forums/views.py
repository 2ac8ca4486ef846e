from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def groups_index(request: HttpRequest) -> HttpResponse:
    """Support groups landing page: what the groups are and how to stay safe in them."""
    return TemplateResponse(request, "forums/groups_index.html", {})
