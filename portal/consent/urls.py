from django.urls import path

from portal.consent import views

urlpatterns = [
    path("accept/", views.accept, name="policy_accept"),
    path("<str:kind>/", views.document, name="policy_document"),
    path("<str:kind>/v<int:version>/", views.document, name="policy_document_version"),
]
