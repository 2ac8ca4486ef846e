from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse
from machina.apps.forum_permission.viewmixins import (
    PermissionRequiredMixin as MachinaPermissionRequiredMixin,
)

from forums.selectors import forum_of, members_only_group_closed_to, private_group_hidden_from


class PermissionRequiredMixin(MachinaPermissionRequiredMixin):
    """A private group's pages, topics, posts and attachments do not exist for anyone who
    may not read them: 404, never a login redirect or a 403 that confirms the URL."""

    def check_permissions(self, request):
        obj = (
            (hasattr(self, "get_controlled_object") and self.get_controlled_object())
            or (hasattr(self, "get_object") and self.get_object())
            or getattr(self, "object", None)
        )
        forum = forum_of(obj)
        checker = request.forum_permission_handler._get_checker(request.user)
        if forum is not None and private_group_hidden_from(forum, checker=checker):
            raise Http404("No such group")
        group = forum and members_only_group_closed_to(forum, checker=checker)
        if group:
            context = {"group": group}
            return TemplateResponse(request, "forums/members_only.html", context, status=403)
        return super().check_permissions(request)
