"""Admin hardening that applies to every page type."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail import hooks


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail checks move permission when the move is confirmed (POST), not when the
    confirmation is shown: refuse both."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied("You cannot move this page there.")
