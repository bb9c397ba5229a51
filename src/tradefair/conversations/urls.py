from django.urls import path

from tradefair.conversations import views, webhook_views

app_name = "conversations"

X = "expos/<slug:slug>/messages/"
W = "expos/<slug:slug>/webhooks/"

urlpatterns = [
    path(X, views.conversation_list, name="list"),
    path(X + "<id:pk>/", views.thread, name="thread"),
    path(X + "<id:pk>/new/", views.thread_new, name="thread_new"),
    path(X + "<id:pk>/attachments/<id:attachment_id>/", views.attachment, name="attachment"),
    path(X + "<id:pk>/block/", views.block, name="block"),
    path(X + "<id:pk>/report/", views.report, name="report"),
    path(X + "<id:pk>/meeting/", views.meeting, name="meeting"),
    path(X + "write/participants/<id:participant_id>/", views.write_participant, name="write_participant"),
    path(X + "write/exhibitors/<id:exhibitor_id>/", views.write_exhibitor, name="write_exhibitor"),
    path(X + "reports/", views.report_list, name="reports"),
    path(X + "reports/<id:report_id>/", views.report_review, name="report_review"),
    path(X + "settings/", views.settings_page, name="settings"),
    path(W, webhook_views.endpoint_list, name="webhooks"),
    path(W + "settings/", webhook_views.private_targets, name="webhook_settings"),
    path(W + "<id:pk>/", webhook_views.endpoint_page, name="webhook"),
    path(W + "<id:pk>/<str:action>/", webhook_views.endpoint_action, name="webhook_action"),
]
