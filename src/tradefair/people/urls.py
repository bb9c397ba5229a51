from django.urls import path

from tradefair.people import views

app_name = "people"

urlpatterns = [
    path("expos/<slug:slug>/register/", views.register_choice, name="register"),
    path("expos/<slug:slug>/register/<str:kind>/", views.register_form, name="register_form"),
    path("registration/<str:token>/confirm/", views.confirm, name="confirm"),
    path("registration/<str:token>/", views.registration_page, name="registration"),
    path("expos/<slug:slug>/registrations/review/", views.review_queue, name="review_queue"),
    path("expos/<slug:slug>/registrations/<int:participant_id>/review/", views.review, name="review"),
    path("expos/<slug:slug>/import/", views.import_page, name="import"),
]
