from django.urls import path

from . import views

app_name = "modalities"
urlpatterns = [
    path("", views.ModalityListView.as_view(), name="list"),
    path("<slug:slug>/", views.ModalityDetailView.as_view(), name="detail"),
]
