from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

handler404 = "mobile_api.problems.handler404"
handler500 = "mobile_api.problems.handler500"

urlpatterns = [
    path("api/v1/", include("mobile_api.urls")),
    path("admin/", admin.site.urls),
    path("", include("mobile_api.site_urls")),
]


def serve_media(request, path):
    # MEDIA_ROOT is read per request (not at import), so it follows the settings in use.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media, name="media"))
