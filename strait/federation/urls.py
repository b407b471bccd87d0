from django.urls import path

from strait.federation import views

app_name = "federation"

urlpatterns = [
    path("federation/v1/node", views.node_document, name="node"),
    path("federation/v1/inbox", views.inbox_endpoint, name="inbox"),
    path("peers/", views.peer_list, name="peers"),
    path("peers/<slug:code>/", views.peer_detail, name="peer"),
    path("peers/<slug:code>/retry/", views.peer_retry, name="peer_retry"),
]
