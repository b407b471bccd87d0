"""The training plan, the good-practice library and the committee reports (``report_views``,
``training_views``, ``library_views``)."""

from django.urls import path

from strait.governance import report_views

urlpatterns = [
    path("reports/", report_views.reports, name="reports"),
]
