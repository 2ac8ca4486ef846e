"""Admin screen: administrators verify physicians (and withdraw verification)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from physicians.models import PhysicianProfilePage
from physicians.services import VerificationError, physician_unverify, physician_verify


@permission_required("physicians.verify_physician", raise_exception=True)
def verification_index(request: HttpRequest) -> HttpResponse:
    profiles = PhysicianProfilePage.objects.select_related("user", "verification").order_by("title")
    return TemplateResponse(
        request, "physicians/admin/verification_index.html", {"profiles": profiles}
    )


@require_POST
@permission_required("physicians.verify_physician", raise_exception=True)
def verify(request: HttpRequest, page_id: int) -> HttpResponse:
    profile = get_object_or_404(PhysicianProfilePage, pk=page_id)
    try:
        physician_verify(profile=profile, actor=request.user)
    except VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{profile.title} is verified.")
    return HttpResponseRedirect(reverse("physician_verification"))


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
