from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve

from backend.storage_settings import uses_local_storage

handler404 = "mobile_api.problems.handler404"
handler500 = "mobile_api.problems.handler500"

urlpatterns = [
    path("api/v1/", include("mobile_api.urls")),
    path("admin/", admin.site.urls),
    path("", include("mobile_api.site_urls")),
]


def serve_media(request, path):
    # MEDIA_ROOT is read per request (not at import), so it follows the settings in use. With
    # an object store the files are not in MEDIA_ROOT: nothing is served from there.
    if not uses_local_storage(settings.STORAGES):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media, name="media"))
