from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.audit import views


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("audit/", views.event_list, name="audit_events"),
        path("audit/export.csv", views.export_csv, name="audit_export"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("audit.view_auditevent")


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return AuditMenuItem("Audit log", reverse("audit_events"), icon_name="history", order=900)
