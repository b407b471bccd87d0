"""The governance dashboard and the follow-up committee's page (``followup_views.py``)."""

from django.urls import path

from strait.governance import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
