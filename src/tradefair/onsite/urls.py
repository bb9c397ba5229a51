from django.urls import path

from tradefair.onsite import views

app_name = "onsite"

urlpatterns = [
    path("registration/<str:token>/badge.pdf", views.own_badge, name="own_badge"),
    path("registration/<str:token>/letter/", views.letter_request, name="letter_request"),
    path("registration/<str:token>/letter.pdf", views.own_letter, name="own_letter"),
    path("letters/verify/<str:token>/", views.verify_letter, name="verify_letter"),
    path("expos/<slug:slug>/check-in/", views.check_in_page, name="check_in"),
    path("expos/<slug:slug>/entrance/", views.entrance_page, name="entrance"),
    path("expos/<slug:slug>/badges/", views.badges_page, name="badges"),
    path("expos/<slug:slug>/badges/print/", views.print_badges, name="print_badges"),
    path("expos/<slug:slug>/badges/<id:participant_id>.pdf", views.organiser_badge, name="organiser_badge"),
    path("expos/<slug:slug>/badges/<id:participant_id>/reissue/", views.reissue_badge, name="reissue_badge"),
    path("expos/<slug:slug>/letters/", views.letters_page, name="letters"),
    path("expos/<slug:slug>/letters/<id:letter_id>.pdf", views.organiser_letter, name="letter_pdf"),
    path("expos/<slug:slug>/letters/<id:letter_id>/revoke/", views.revoke_letter, name="revoke_letter"),
    path("expos/<slug:slug>/letters/<id:letter_id>/approve/", views.approve_letter, name="approve_letter"),
    path("expos/<slug:slug>/letters/<id:letter_id>/reject/", views.reject_letter, name="reject_letter"),
    path("expos/<slug:slug>/letters/settings/", views.letter_settings, name="letter_settings"),
]
