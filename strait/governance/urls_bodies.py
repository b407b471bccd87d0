"""Bodies, meetings, minutes, recommendations, actions and evidence (``views.py``)."""

from django.urls import path

from strait.governance import views

urlpatterns = [
    path("bodies/<uuid:uid>/", views.body, name="body"),
]
