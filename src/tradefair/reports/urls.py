from django.urls import path

from tradefair.reports import views

app_name = "reports"

urlpatterns = [
    path("expos/<slug:slug>/results/", views.results_dashboard, name="dashboard"),
    path("expos/<slug:slug>/results/publication/", views.results_publication, name="publication"),
    path("expos/<slug:slug>/results/communique/", views.communique_page, name="communique"),
    path("expos/<slug:slug>/results/exports/", views.exports_page, name="exports"),
    path("expos/<slug:slug>/results/exports/<id:job_id>/", views.export_download, name="export_download"),
]
