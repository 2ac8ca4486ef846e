from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.accounts import views


@hooks.register("register_admin_urls")
def register_role_urls():
    return [
        path("roles/", views.role_index, name="role_index"),
        path("roles/<int:user_id>/", views.role_edit, name="role_edit"),
    ]


class RolesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("accounts.manage_roles")


@hooks.register("register_settings_menu_item")
def register_roles_menu_item():
    return RolesMenuItem("Roles", reverse("role_index"), icon_name="group", order=610)
