"""Sanctions, enforced before any support-group view runs: a suspended member cannot use the
groups, a silenced member reads but every write is refused with the reason and the end date.
machina's own write paths are closed too (the permission checker), and the services check
again."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve

from forums.moderation.models import SanctionKind
from forums.moderation.selectors import active_sanction, unacknowledged_warning, write_refusal

PREFIX = "/groups/"
# Writes anyone may still make: leaving a group, unsubscribing, acknowledging a warning; and
# the moderators' private messages (a message of concern reaches a suspended member too).
ALWAYS_ALLOWED = frozenset(
    {
        "group_leave",
        "group_unsubscribe",
        "moderation_warning_ack",
        "moderation_inbox",
        "moderation_message",
    }
)
# Pages that only show a form to write something.
WRITE_FORMS = frozenset(
    {
        "topic_create",
        "topic_update",
        "post_create",
        "post_update",
        "moderation_report",
        "group_join",
        "group_join_private",
        "group_display_name",
        "profile_update",
    }
)


class SanctionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith(PREFIX) and user is not None and user.is_authenticated:
            refused = self._refusal(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refusal(self, request, user):
        sanction = active_sanction(user)  # moderators cannot be sanctioned (services refuse)
        if sanction is None:
            return None
        if sanction.kind == SanctionKind.WARN:
            request.moderation_warning = unacknowledged_warning(user)
            return None
        name = _url_name(request.path)
        if name in ALWAYS_ALLOWED:
            return None
        write = request.method not in ("GET", "HEAD", "OPTIONS") or name in WRITE_FORMS
        if sanction.kind == SanctionKind.SUSPEND or write:
            return render(
                request,
                "moderation/sanctioned.html",
                {
                    "message": write_refusal(user),
                    "sanction": sanction,
                    "contact_email": settings.PORTAL_MODERATION_CONTACT_EMAIL,
                },
                status=403,
            )
        return None


def _url_name(path: str) -> str:
    try:
        return resolve(path).url_name or ""
    except Resolver404:
        return ""
