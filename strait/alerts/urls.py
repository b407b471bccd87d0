"""URLs of the alerts app."""

from django.urls import path

from strait.alerts import draft_views, views

app_name = "alerts"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", draft_views.new, name="new"),
    path("drafts/", draft_views.drafts, name="drafts"),
    path("drafts/<uuid:uid>/", draft_views.draft, name="draft"),
    path("drafts/<uuid:uid>/submit/", draft_views.submit, name="submit"),
    path("drafts/<uuid:uid>/take-back/", draft_views.take_back, name="take_back"),
    path("review/", draft_views.review_queue, name="review_queue"),
    path("review/<uuid:uid>/", draft_views.review, name="review"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:uid>/measures/add/", views.measure, name="measure"),
    path("<uuid:uid>/update/", views.update, name="update"),
    path("<uuid:uid>/extend/", views.extend, name="extend"),
    path("<uuid:uid>/withdraw/", views.withdraw, name="withdraw"),
]
