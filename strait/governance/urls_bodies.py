"""Bodies, meetings, minutes (``views.py``), recommendations, actions and evidence
(``recommendation_views.py``)."""

from django.urls import path

from strait.governance import recommendation_views, views

urlpatterns = [
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<uuid:uid>/", views.body, name="body"),
    path("bodies/<uuid:uid>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<uuid:uid>/members/add/", views.body_member_add, name="body_member_add"),
    path("bodies/<uuid:uid>/members/remove/", views.body_member_remove, name="body_member_remove"),
    path("bodies/<uuid:uid>/meetings/new/", views.meeting_new, name="meeting_new"),
    path(
        "bodies/<uuid:uid>/recommendations/new/",
        recommendation_views.recommendation_new,
        name="recommendation_new",
    ),
    path("meetings/<uuid:uid>/", views.meeting, name="meeting"),
    path("meetings/<uuid:uid>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:uid>/attendees/", views.meeting_attendees, name="meeting_attendees"),
    path("meetings/<uuid:uid>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<uuid:uid>/decisions/", views.meeting_decision, name="meeting_decision"),
    path("meetings/<uuid:uid>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<uuid:uid>/sign/", views.meeting_sign, name="meeting_sign"),
    path("meetings/<uuid:uid>/statement/", views.meeting_statement, name="meeting_statement"),
    path("recommendations/<uuid:uid>/", recommendation_views.recommendation, name="recommendation"),
    path("recommendations/<uuid:uid>/actions/", recommendation_views.action_add, name="action_add"),
    path("actions/<uuid:uid>/status/", recommendation_views.action_status, name="action_status"),
    path("actions/<uuid:uid>/evidence/", recommendation_views.evidence_add, name="evidence_add"),
    path(
        "evidence/<uuid:uid>/remove/", recommendation_views.evidence_remove, name="evidence_remove"
    ),
]
