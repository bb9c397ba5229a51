from django.urls import path

from tradefair.people import account_views, notification_views, personal_data_views, views

app_name = "people"

urlpatterns = [
    path("expos/<slug:slug>/register/", views.register_choice, name="register"),
    path("expos/<slug:slug>/register/<str:kind>/", views.register_form, name="register_form"),
    path("registration/<str:token>/confirm/", views.confirm, name="confirm"),
    path("registration/<str:token>/", views.registration_page, name="registration"),
    path("expos/<slug:slug>/registrations/review/", views.review_queue, name="review_queue"),
    path("expos/<slug:slug>/registrations/review/bulk/", views.review_bulk, name="review_bulk"),
    path("expos/<slug:slug>/registrations/<id:participant_id>/review/", views.review, name="review"),
    path("expos/<slug:slug>/import/", views.import_page, name="import"),
    path("accounts/password/reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/set/<uidb64>/<token>/",
        account_views.PasswordSetView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/set/", account_views.PasswordSetDoneView.as_view(), name="password_reset_complete"
    ),
    path("me/data/", personal_data_views.my_data, name="my_data"),
    path("me/notifications/", notification_views.notifications, name="notifications"),
    path("unsubscribe/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
    path("me/data.json", personal_data_views.my_data_download, name="my_data_download"),
    path("me/data/erase/", personal_data_views.erase_my_data, name="erase_my_data"),
]
