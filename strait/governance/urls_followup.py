"""The governance dashboard and the follow-up committee's page (``followup_views.py``)."""

from django.urls import path

from strait.governance import followup_views

urlpatterns = [
    path("", followup_views.dashboard, name="dashboard"),
    path("followup/", followup_views.follow_up, name="followup"),
]
