from django.urls import path

from tradefair.catalog import views as catalog_views
from tradefair.expos import audit_views, settings_views, views

app_name = "expos"

urlpatterns = [
    path("", views.expo_list, name="list"),
    path("expos/<slug:slug>/", views.expo_home, name="home"),
    path("expos/<slug:slug>/exhibitors/", catalog_views.exhibitor_list_page, name="exhibitors"),
    path("expos/<slug:slug>/settings/", settings_views.settings_page, name="settings"),
    path("expos/<slug:slug>/organisers/", settings_views.organisers_page, name="organisers"),
    path("expos/<slug:slug>/audit/", audit_views.audit_log, name="audit"),
]
