"""The training plan, the good-practice library and the committee reports (``report_views``,
``training_views``, ``library_views``)."""

from django.urls import path

from strait.governance import library_views, report_views, training_views

urlpatterns = [
    path("reports/", report_views.reports, name="reports"),
    path("training/", training_views.plan, name="training"),
    path("training/new/", training_views.course_new, name="course_new"),
    path("training/<uuid:uid>/", training_views.course, name="course"),
    path("training/<uuid:uid>/status/", training_views.course_status, name="course_status"),
    path(
        "training/<uuid:uid>/participants/",
        training_views.course_participants,
        name="course_participants",
    ),
    path(
        "training/<uuid:uid>/evaluation/",
        training_views.course_evaluation,
        name="course_evaluation",
    ),
    path("library/", library_views.documents, name="library"),
    path("library/new/", library_views.document_new, name="document_new"),
    path("library/<uuid:uid>/", library_views.document, name="document"),
    path("library/<uuid:uid>/download/", library_views.document_download, name="document_download"),
]
