"""Admin hardening that applies to every page type."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail checks move permission when the move is confirmed (POST), not when the
    confirmation is shown: refuse both."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied("You cannot move this page there.")


@hooks.register("insert_editor_js")
def hold_submit_until_autosave_lands():
    """A footer action clicked while the first autosave is creating the page waits for it, so
    it posts to the new page's edit view, not the create view (see the script's comment)."""
    return format_html('<script src="{}" defer></script>', static("js/editor_autosave_guard.js"))


@hooks.register("insert_global_admin_js")
def name_the_admin_fields_wagtail_leaves_unnamed():
    """Draftail, the tag widget and ListBlock items get accessible names (see the script), in
    the page editor and on every other admin form that has them (images, documents)."""
    return format_html('<script src="{}" defer></script>', static("js/editor_field_names.js"))
