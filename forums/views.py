from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from forums.forms import DisplayNameForm
from forums.models import MemberProfile
from forums.services import member_display_name_set


@login_required
def display_name_edit(request: HttpRequest) -> HttpResponse:
    """Choose or change the pseudonym shown in support groups."""
    current = MemberProfile.objects.filter(user=request.user).first()
    initial = {"display_name": current.display_name} if current else {}
    form = DisplayNameForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_display_name_set(
                user=request.user, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as error:
            form.add_error("display_name", error)
        else:
            messages.success(request, "Your support-group name is saved.")
            return HttpResponseRedirect(reverse("forum:index"))
    status = 400 if form.errors else 200
    return TemplateResponse(request, "forums/display_name.html", {"form": form}, status=status)
