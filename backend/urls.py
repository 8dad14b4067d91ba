from django.contrib import admin
from django.urls import include, path

from mobile_api.views import health

handler404 = "mobile_api.problems.handler404"
handler500 = "mobile_api.problems.handler500"

urlpatterns = [
    path("api/v1/", include("mobile_api.urls")),
    path("admin/", admin.site.urls),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
]
