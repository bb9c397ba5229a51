from django.urls import path

from tradefair.program import views

app_name = "program"

urlpatterns = [
    path("expos/<slug:slug>/programme/", views.programme_page, name="programme"),
    path("expos/<slug:slug>/programme/mine/", views.my_programme_page, name="mine"),
    path("expos/<slug:slug>/programme.ics", views.programme_ical, name="ical"),
    path("expos/<slug:slug>/programme/calendar/<str:token>.ics", views.personal_ical, name="personal-ical"),
    path("expos/<slug:slug>/programme/sessions/<id:pk>/signup/", views.signup_action, name="signup"),
]
