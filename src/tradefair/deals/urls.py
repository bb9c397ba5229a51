from django.urls import path

from tradefair.deals import views

app_name = "deals"

urlpatterns = [
    path("expos/<slug:slug>/deals/", views.deal_list, name="list"),
    path("expos/<slug:slug>/deals/new/", views.deal_new, name="new"),
    path("expos/<slug:slug>/deals/rates/", views.rates_page, name="rates"),
    path("expos/<slug:slug>/deals/<id:deal_id>/", views.deal_action, name="action"),
]
