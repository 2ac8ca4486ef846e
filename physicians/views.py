"""Admin screen: administrators verify physicians (and withdraw verification)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from physicians.forms import VerificationForm
from physicians.models import PhysicianProfilePage
from physicians.services import VerificationError, physician_unverify, physician_verify


@permission_required("physicians.verify_physician", raise_exception=True)
def verification_index(request: HttpRequest) -> HttpResponse:
    profiles = PhysicianProfilePage.objects.select_related(
        "user", "verification", "verification__verified_by"
    ).order_by("title")
    return TemplateResponse(
        request, "physicians/admin/verification_index.html", {"profiles": profiles}
    )


@permission_required("physicians.verify_physician", raise_exception=True)
def verify(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: the evidence form; POST: verify with it (gaps come back as form errors)."""
    profile = get_object_or_404(PhysicianProfilePage.objects.select_related("user"), pk=page_id)
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            physician_verify(profile=profile, actor=request.user, evidence=form.evidence())
        except VerificationError as exc:
            for field, message in (exc.fields or {None: str(exc)}).items():
                form.add_error(field, message)
        else:
            messages.success(request, f"{profile.title} is verified.")
            return HttpResponseRedirect(reverse("physician_verification"))
    context = {"profile": profile, "form": form}
    return TemplateResponse(request, "physicians/admin/verify_form.html", context)


@require_POST
@permission_required("physicians.verify_physician", raise_exception=True)
def unverify(request: HttpRequest, page_id: int) -> HttpResponse:
    profile = get_object_or_404(PhysicianProfilePage, pk=page_id)
    try:
        physician_unverify(
            profile=profile, actor=request.user, reason=request.POST.get("reason", "")
        )
    except VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Verification of {profile.title} withdrawn.")
    return HttpResponseRedirect(reverse("physician_verification"))
