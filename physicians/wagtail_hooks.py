from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from physicians import views
from physicians.models import BlogPostPage, PhysicianProfilePage, Specialty
from portal.accounts.roles import Role

# Roles that may create pages of any type their page permissions allow.
_FULL_AUTHORS = {Role.EDITOR, Role.ADMINISTRATOR}


class SpecialtyViewSet(SnippetViewSet):
    model = Specialty
    icon = "tag"
    menu_label = "Specialties"
    add_to_admin_menu = False
    list_display = ["name", "slug"]


register_snippet(SpecialtyViewSet)


@hooks.register("before_create_page")
def physicians_create_only_their_own_pages(request, parent_page, page_class):
    """A physician creates their one profile, then their own posts, and nothing else."""
    user = request.user
    if user.is_superuser or user.groups.filter(name__in=_FULL_AUTHORS).exists():
        return None
    has_profile = PhysicianProfilePage.objects.filter(user=user).exists()
    if page_class is PhysicianProfilePage and not has_profile:
        return None
    if page_class is BlogPostPage and has_profile:
        return None
    raise PermissionDenied("Physicians may create only their own profile and blog posts.")


@hooks.register("register_admin_urls")
def register_verification_urls():
    return [
        path("physicians/verification/", views.verification_index, name="physician_verification"),
        path("physicians/<int:page_id>/verify/", views.verify, name="physician_verify"),
        path("physicians/<int:page_id>/unverify/", views.unverify, name="physician_unverify"),
    ]


class VerificationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("physicians.verify_physician")


@hooks.register("register_admin_menu_item")
def register_verification_menu_item():
    return VerificationMenuItem(
        "Physician verification", reverse("physician_verification"), icon_name="success", order=220
    )
