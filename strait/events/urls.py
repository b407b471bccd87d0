"""URLs of the events app."""

from django.urls import path

from strait.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("knowledge/", views.knowledge, name="knowledge"),
    path("knowledge/new/", views.entry_new, name="entry_new"),
    path("knowledge/open/", views.knowledge_new, name="knowledge_new"),
    path("knowledge/<uuid:uid>/", views.entry, name="entry"),
    path("matches/<uuid:uid>/", views.fixture, name="fixture"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/centre/", views.centre, name="centre"),
    path("<uuid:uid>/map/", views.venue_map, name="map"),
    path("<uuid:uid>/venues/new/", views.venue_new, name="venue_new"),
    path("<uuid:uid>/matches/new/", views.fixture_new, name="fixture_new"),
    path("<uuid:uid>/liaisons/new/", views.liaison_new, name="liaison_new"),
    path("<uuid:uid>/alerts/", views.link_alert, name="link_alert"),
    path("<uuid:uid>/knowledge/", views.link_entry, name="link_entry"),
    path("<uuid:uid>/after-action/", views.after_action, name="after_action"),
    path("<uuid:uid>/after-action.pdf", views.after_action_pdf, name="after_action_pdf"),
]
