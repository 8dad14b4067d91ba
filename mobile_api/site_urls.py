"""The site around the API: the front page, the API's root and the health probes (included
by backend.urls by name, so the project's settings package never imports the HTTP layer)."""

from django.urls import path

from mobile_api.views import health
from mobile_api.views.front_door import ApiRootView, front_page

urlpatterns = [
    path("", front_page, name="front-page"),
    path("api/v1", ApiRootView.as_view(), name="api-root"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
]
