from django.urls import path

from tradefair.people import personal_data_views, views

app_name = "people"

urlpatterns = [
    path("expos/<slug:slug>/register/", views.register_choice, name="register"),
    path("expos/<slug:slug>/register/<str:kind>/", views.register_form, name="register_form"),
    path("registration/<str:token>/confirm/", views.confirm, name="confirm"),
    path("registration/<str:token>/", views.registration_page, name="registration"),
    path("expos/<slug:slug>/registrations/review/", views.review_queue, name="review_queue"),
    path("expos/<slug:slug>/registrations/<int:participant_id>/review/", views.review, name="review"),
    path("expos/<slug:slug>/import/", views.import_page, name="import"),
    path("me/data/", personal_data_views.my_data, name="my_data"),
    path("me/data.json", personal_data_views.my_data_download, name="my_data_download"),
    path("me/data/erase/", personal_data_views.erase_my_data, name="erase_my_data"),
]
