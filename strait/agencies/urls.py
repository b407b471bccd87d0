from django.urls import path

from strait.agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:code>/", views.agency, name="agency"),
]
