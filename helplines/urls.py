from django.urls import path

from . import views

app_name = "helplines"
urlpatterns = [path("", views.HelpView.as_view(), name="help")]
