"""URLs of the alerts app."""

from django.urls import path

from strait.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.new, name="new"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/<uuid:uid>/", views.draft, name="draft"),
    path("drafts/<uuid:uid>/submit/", views.submit, name="submit"),
    path("drafts/<uuid:uid>/take-back/", views.take_back, name="take_back"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<uuid:uid>/", views.review, name="review"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:uid>/measures/add/", views.measure, name="measure"),
    path("<uuid:uid>/update/", views.update, name="update"),
    path("<uuid:uid>/extend/", views.extend, name="extend"),
    path("<uuid:uid>/withdraw/", views.withdraw, name="withdraw"),
]
