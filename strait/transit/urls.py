"""URLs of the transit app."""

from django.urls import path

from strait.transit import views

app_name = "transit"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:year>/", views.dashboard, name="year"),
    path("<int:year>/figures/", views.enter, name="enter"),
    path("<int:year>/import/", views.upload, name="import"),
    path("<int:year>/figures.csv", views.export_csv, name="csv"),
    path("<int:year>/report.pdf", views.export_pdf, name="pdf"),
]
