from django.urls import path

from forums.moderation import views

urlpatterns = [
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/bulk/", views.bulk_decide, name="moderation_bulk"),
    path("moderation/on-call/", views.on_call, name="moderation_on_call"),
    path("moderation/items/<int:item_id>/", views.item_detail, name="moderation_item"),
    path("moderation/items/<int:item_id>/claim/", views.item_claim, name="moderation_claim"),
    path("moderation/items/<int:item_id>/decide/", views.item_decide, name="moderation_decide"),
    path("moderation/items/<int:item_id>/redact/", views.item_redact, name="moderation_redact"),
    path("moderation/items/<int:item_id>/risk/", views.item_risk, name="moderation_risk"),
    path("moderation/items/<int:item_id>/concern/", views.item_concern, name="moderation_concern"),
    path("moderation/items/<int:item_id>/topic/", views.item_topic, name="moderation_topic"),
    path("moderation/members/<int:user_id>/", views.member, name="moderation_member"),
    path("posts/<int:post_id>/report/", views.report, name="moderation_report"),
    path("alerts/<str:token>/", views.crisis_alert_ack, name="crisis_alert_ack"),
    path("help/", views.crisis_help, name="moderation_crisis_help"),
    path("messages/", views.inbox, name="moderation_inbox"),
    path("messages/<int:message_id>/", views.message, name="moderation_message"),
    path("support/", views.support_help, name="moderation_support_help"),
    path("warnings/<int:sanction_id>/ack/", views.warning_ack, name="moderation_warning_ack"),
]
