from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from portal.consent.forms import PolicyAcceptForm
from portal.consent.middleware import SESSION_KEY
from portal.consent.models import PolicyDocument, PolicyKind
from portal.consent.selectors import current_document, current_documents, documents_to_accept
from portal.consent.services import ConsentError, policies_accept
from portal.core.submissions import once_per_submission


def safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith("/"):
        return target
    return default


@login_required
@once_per_submission("consent.accept")
def accept(request: HttpRequest) -> HttpResponse:
    """Accept the current terms and privacy notice (after they changed, or never accepted)."""
    next_url = safe_next(request)
    documents = documents_to_accept(user=request.user)
    if not documents:
        request.session[SESSION_KEY] = sorted(d.pk for d in current_documents())
        return HttpResponseRedirect(next_url)
    form = PolicyAcceptForm(request.POST or None, documents=documents, submission_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            policies_accept(user=request.user, document_ids=[d.pk for d in documents])
        except ConsentError as error:
            form.add_error(None, str(error))
        else:
            return HttpResponseRedirect(next_url)
    return TemplateResponse(
        request,
        "consent/accept.html",
        {"form": form, "documents": documents, "next_url": next_url},
    )


def document(request: HttpRequest, kind: str, version: int | None = None) -> HttpResponse:
    if kind not in PolicyKind.values:
        raise Http404("No such policy.")
    if version is None:
        shown = current_document(kind=kind)
    else:
        shown = PolicyDocument.objects.filter(kind=kind, version=version).first()
    if shown is None:
        raise Http404("This policy has not been published.")
    versions = PolicyDocument.objects.filter(kind=kind).order_by("-version")
    return TemplateResponse(
        request, "consent/document.html", {"document": shown, "versions": versions}
    )
