from django.urls import path

from forums import views

app_name = "forums"
urlpatterns = [path("", views.groups_index, name="index")]
