"""Wagtail admin screens to grant and remove roles (every change is audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from portal.accounts.forms import UserRolesForm
from portal.accounts.models import User
from portal.accounts.selectors import user_roles
from portal.accounts.services import RoleError, role_grant, role_revoke

USERS_PER_PAGE = 50


@permission_required("accounts.manage_roles", raise_exception=True)
def role_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:254]
    users = User.objects.prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name"))
    )
    if query:
        users = users.filter(email__icontains=query)
    page = Paginator(users.order_by("email"), USERS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "accounts/admin/role_index.html", {"page_obj": page, "query": query}
    )


@permission_required("accounts.manage_roles", raise_exception=True)
def role_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    current = set(user_roles(user=user))
    data = request.POST if request.method == "POST" else None
    form = UserRolesForm(data, initial={"roles": sorted(current)})
    if request.method == "POST" and form.is_valid():
        try:
            _apply_roles(user, current, set(form.cleaned_data["roles"]), actor=request.user)
        except RoleError as exc:
            form.add_error("roles", str(exc))
        else:
            messages.success(request, f"Roles saved for {user.email}.")
            return HttpResponseRedirect(reverse("role_index"))
    return TemplateResponse(
        request, "accounts/admin/role_edit.html", {"form": form, "subject": user}
    )


def _apply_roles(user: User, current: set[str], wanted: set[str], *, actor: User) -> None:
    for role in sorted(current - wanted):
        role_revoke(user=user, role=role, actor=actor, via="admin")
    for role in sorted(wanted - current):
        role_grant(user=user, role=role, actor=actor, via="admin")
