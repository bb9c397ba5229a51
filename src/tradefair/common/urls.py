from django.urls import path

from tradefair.common import views

app_name = "common"

urlpatterns = [
    path("expos/<slug:slug>/audit/", views.audit_log, name="audit"),
]
