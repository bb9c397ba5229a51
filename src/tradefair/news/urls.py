from django.urls import path

from tradefair.news import views

app_name = "news"

urlpatterns = [
    path("expos/<slug:slug>/news/", views.news_list, name="list"),
    path("expos/<slug:slug>/news/new/", views.announcement_edit, name="new"),
    path("expos/<slug:slug>/news/<id:pk>/", views.announcement_page, name="detail"),
    path("expos/<slug:slug>/news/<id:pk>/edit/", views.announcement_edit, name="edit"),
]
