from django.urls import path

from accounthub import views

urlpatterns = [
    path("", views.index, name="accounthub_index"),
    path("groups/", views.groups, name="accounthub_groups"),
    path("groups/<int:group_id>/email/", views.group_email, name="accounthub_group_email"),
    path("groups/<int:group_id>/leave/", views.group_leave, name="accounthub_group_leave"),
    path("posts/", views.posts, name="accounthub_posts"),
    path("reports/", views.reports, name="accounthub_reports"),
    path("security/", views.security, name="accounthub_security"),
    path("notifications/", views.notifications, name="notification_preferences"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="notification_unsubscribe",
    ),
    path("data/", views.data, name="accounthub_data"),
    path("data/download/", views.data_download, name="accounthub_data_download"),
    path("delete/", views.delete, name="accounthub_delete"),
    path("delete/undo/", views.delete_undo, name="accounthub_delete_undo"),
]
