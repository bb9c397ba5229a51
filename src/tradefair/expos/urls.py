from django.urls import path

from tradefair.catalog import views as catalog_views
from tradefair.expos import views

app_name = "expos"

urlpatterns = [
    path("", views.expo_list, name="list"),
    path("expos/<slug:slug>/", views.expo_home, name="home"),
    path("expos/<slug:slug>/exhibitors/", catalog_views.exhibitor_list_page, name="exhibitors"),
]
