from django.urls import path

from strait.entities import views

app_name = "entities"

urlpatterns = [
    path("", views.entity_list, name="list"),
    path("persons/new/", views.person_new, name="person_new"),
    path("persons/<uuid:uid>/edit/", views.person_edit, name="person_edit"),
    path("import/", views.import_file, name="import"),
    path("import/<uuid:uid>/", views.import_status, name="import_status"),
    path("import/template/<slug:fmt>/", views.import_template, name="import_template"),
    path("export/", views.export, name="export"),
    path("export/requests/", views.export_requests, name="export_requests"),
    path("export/<uuid:uid>/decide/", views.export_decide, name="export_decide"),
    path("export/<uuid:uid>/download/", views.export_download, name="export_download"),
    path("<str:kind>/new/", views.record_new, name="new"),
    path("<str:kind>/<uuid:uid>/", views.detail, name="detail"),
    path("<str:kind>/<uuid:uid>/edit/", views.record_edit, name="edit"),
    path("<str:kind>/<uuid:uid>/erase/", views.erase, name="erase"),
]
