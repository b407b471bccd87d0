from django.urls import path

from strait.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("compose/", views.compose, name="compose"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("search/", views.search, name="search"),
    path("channels/", views.channels, name="channels"),
    path("consents/", views.consents, name="consents"),
    path("consents/<uuid:uid>/answer/", views.consent_answer, name="consent_answer"),
    path("threads/<uuid:thread_uid>/", views.thread, name="thread"),
    path("threads/<uuid:thread_uid>/close/", views.close_thread, name="close_thread"),
    path("items/<uuid:uid>/reply/", views.reply, name="reply"),
    path("items/<uuid:uid>/correct/", views.correct, name="correct"),
    path("items/<uuid:uid>/consent/", views.consent_request, name="consent_request"),
    path("items/<uuid:uid>/forward/", views.forward, name="forward"),
    path("items/<uuid:uid>/export/", views.export, name="export"),
    path("attachments/<uuid:uid>/", views.attachment, name="attachment"),
]
