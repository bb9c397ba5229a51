import importlib.util

from django.contrib import admin
from django.urls import include, path

from tradefair.api import api
from tradefair.common.languages import switch_language
from tradefair.common.unavailable import healthz

# Apps with pages of their own put them in ``urls.py``; their paths are full paths
# (for example ``expos/<slug>/deals/``), so an app decides its own addresses.
PAGE_APPS = [
    "common",
    "catalog",
    "program",
    "matchmaking",
    "deals",
    "onsite",
    "reports",
    "news",
    "people",
    "conversations",
    "commerce",
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("", include("tradefair.expos.urls")),
]
urlpatterns += [
    path("", include(f"tradefair.{app}.urls"))
    for app in PAGE_APPS
    if importlib.util.find_spec(f"tradefair.{app}.urls") is not None
]

# A lost database answers 503 "temporarily unavailable", any other error 500 (common.unavailable).
handler500 = "tradefair.common.unavailable.server_error"
