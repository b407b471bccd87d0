"""URLs of the centres: the list, a centre's page, its duty log, roster, postings, rule,
incidents and counters."""

from django.urls import path

from strait.ports import views

urlpatterns = [
    path("", views.centres, name="centres"),
    path("centres/<uuid:uid>/", views.centre, name="centre"),
    path("centres/<uuid:uid>/log/", views.log, name="log"),
    path("centres/<uuid:uid>/roster/", views.roster, name="roster"),
    path("centres/<uuid:uid>/postings/new/", views.post_agent, name="post_agent"),
    path("centres/<uuid:uid>/postings/<uuid:posting>/end/", views.end_posting, name="end_posting"),
    path("centres/<uuid:uid>/rule/", views.rule, name="rule"),
    path("centres/<uuid:uid>/incidents/new/", views.incident_new, name="incident_new"),
    path("centres/<uuid:uid>/incidents/<uuid:incident>/", views.incident, name="incident"),
    path("centres/<uuid:uid>/counters/", views.counters, name="counters"),
]
