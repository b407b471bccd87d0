from django.urls import path

from strait.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("live/", views.poll, name="poll"),
    path("stream/", views.stream, name="stream"),
    path("read/", views.read, name="read"),
    path("open/", views.open_one, name="open"),
    path("preferences/", views.preferences, name="preferences"),
]
