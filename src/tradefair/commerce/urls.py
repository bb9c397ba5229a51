from django.urls import path

from tradefair.commerce import views

app_name = "commerce"

X = "expos/<slug:slug>/"

urlpatterns = [
    path(X + "exhibit/", views.apply, name="apply"),
    path(X + "exhibit/team/", views.invite, name="invite"),
    path(X + "invoices/<id:invoice_id>.pdf", views.invoice_pdf, name="invoice_pdf"),
    path(X + "exhibitor-applications/", views.applications, name="applications"),
    path(X + "exhibitor-applications/<id:application_id>/", views.application_detail, name="application"),
    path(X + "booth-packages/", views.packages, name="packages"),
    path(X + "orders/", views.accounts, name="accounts"),
    path(X + "orders/<id:order_id>/payments/", views.record_payment_view, name="record_payment"),
    path(X + "invoices/<id:invoice_id>/credit-note/", views.credit_note, name="credit_note"),
    path(X + "invoicing/", views.settings_page, name="settings"),
]
