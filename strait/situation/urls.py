"""URLs of the situation app."""

from django.urls import path

from strait.situation import views

app_name = "situation"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("map.json", views.data, name="data"),
    path("report/", views.report, name="report"),
    path("level/", views.level, name="level"),
    path("surges/<uuid:uid>/", views.surge, name="surge"),
]
