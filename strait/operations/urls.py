"""URLs of the operations app."""

from django.urls import path

from strait.operations import chart_views, statistics_views, views

app_name = "operations"
urlpatterns = [
    path("", views.operations, name="list"),
    path("new/", views.new, name="new"),
    path("statistics/", statistics_views.page, name="statistics"),
    path("statistics.csv", statistics_views.csv, name="statistics_csv"),
    path("<uuid:uid>/chart/", chart_views.page, name="chart"),
    path("<uuid:uid>/chart.json", chart_views.data, name="chart_json"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/update/", views.update, name="update"),
    path("<uuid:uid>/entities/share/", views.share, name="share"),
    path("<uuid:uid>/entities/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:uid>/relations/add/", views.relation_add, name="relation_add"),
    path("<uuid:uid>/relations/remove/", views.relation_remove, name="relation_remove"),
    path("<uuid:uid>/timeline/add/", views.timeline_add, name="timeline_add"),
    path("<uuid:uid>/tasks/add/", views.task_add, name="task_add"),
    path("<uuid:uid>/tasks/status/", views.task_status, name="task_status"),
    path("<uuid:uid>/notes/add/", views.note_add, name="note_add"),
    path("<uuid:uid>/threads/link/", views.thread_link, name="thread_link"),
    path("<uuid:uid>/outcomes/record/", views.outcome_record, name="outcome_record"),
    path("<uuid:uid>/outcomes/correct/", views.outcome_correct, name="outcome_correct"),
    path("<uuid:uid>/participants/add/", views.participant_add, name="participant_add"),
    path("<uuid:uid>/participants/remove/", views.participant_remove, name="participant_remove"),
    path("<uuid:uid>/ceiling/", views.ceiling, name="ceiling"),
    path("<uuid:uid>/participants/role/", views.participant_role, name="participant_role"),
    path("<uuid:uid>/members/add/", views.member_add, name="member_add"),
    path("<uuid:uid>/members/remove/", views.member_remove, name="member_remove"),
    # Last: any other word after the operation is one of its sections (or 404).
    path("<uuid:uid>/<slug:name>/", views.section, name="section"),
]
