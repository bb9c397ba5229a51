from django.urls import path

from tradefair.conversations import views

app_name = "conversations"

X = "expos/<slug:slug>/messages/"

urlpatterns = [
    path(X, views.conversation_list, name="list"),
    path(X + "<int:pk>/", views.thread, name="thread"),
    path(X + "<int:pk>/new/", views.thread_new, name="thread_new"),
    path(X + "<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path(X + "<int:pk>/block/", views.block, name="block"),
    path(X + "<int:pk>/report/", views.report, name="report"),
    path(X + "<int:pk>/meeting/", views.meeting, name="meeting"),
    path(X + "write/participants/<int:participant_id>/", views.write_participant, name="write_participant"),
    path(X + "write/exhibitors/<int:exhibitor_id>/", views.write_exhibitor, name="write_exhibitor"),
    path(X + "reports/", views.report_list, name="reports"),
    path(X + "reports/<int:report_id>/", views.report_review, name="report_review"),
    path(X + "settings/", views.settings_page, name="settings"),
]
