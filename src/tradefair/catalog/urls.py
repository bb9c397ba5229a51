from django.urls import path

from tradefair.catalog import views

app_name = "catalog"

urlpatterns = [
    path("expos/<slug:slug>/search/", views.search_page, name="search"),
    path("expos/<slug:slug>/floor-plan/", views.floor_plan_page, name="floor-plan"),
    path("expos/<slug:slug>/floor-plan/booths/", views.floor_plan_action, name="floor-plan-action"),
    path("expos/<slug:slug>/floor-plan/proposal/", views.propose_booths_page, name="propose-booths"),
    path("expos/<slug:slug>/floor-plan/proposal/accept/", views.accept_proposal_page, name="accept-proposal"),
    path(
        "expos/<slug:slug>/floor-plan/proposal/discard/", views.discard_proposal_page, name="discard-proposal"
    ),
    path("expos/<slug:slug>/floor-plan/rule/", views.booth_rule_page, name="booth-rule"),
    path("expos/<slug:slug>/exhibitors/<id:pk>/", views.exhibitor_page, name="exhibitor"),
    path("expos/<slug:slug>/exhibitors/<id:pk>/edit/", views.exhibitor_edit, name="exhibitor-edit"),
    path("expos/<slug:slug>/exhibitors/<id:pk>/booths/", views.exhibitor_booths, name="exhibitor-booths"),
    path("expos/<slug:slug>/exhibitors/<id:pk>/products/new/", views.product_edit, name="product-new"),
    path(
        "expos/<slug:slug>/exhibitors/<id:pk>/products/<id:product_id>/",
        views.product_edit,
        name="product-edit",
    ),
    path(
        "expos/<slug:slug>/exhibitors/<id:pk>/products/<id:product_id>/delete/",
        views.product_delete,
        name="product-delete",
    ),
    path("expos/<slug:slug>/exhibitors/<id:pk>/projects/new/", views.project_edit, name="project-new"),
    path(
        "expos/<slug:slug>/exhibitors/<id:pk>/projects/<id:project_id>/",
        views.project_edit,
        name="project-edit",
    ),
]
