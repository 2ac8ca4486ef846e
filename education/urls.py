from django.urls import path

from education import views

app_name = "education"
urlpatterns = [path("conditions/<slug:slug>/", views.condition_hub, name="condition_hub")]
