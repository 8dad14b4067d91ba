from django.urls import path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from mobile_api.views.aanmelden import TokenViewSet
from mobile_api.views.openapi import OpenApiJsonView, OpenApiYamlView
from mobile_api.views.organisatie import AfdelingViewSet, MedewerkerViewSet, VestigingViewSet
from mobile_api.views.profiel import MijView

router = SimpleRouter(trailing_slash=False)
router.register("tokens", TokenViewSet, basename="token")
router.register("medewerkers", MedewerkerViewSet, basename="medewerker")
router.register("afdelingen", AfdelingViewSet, basename="afdeling")
router.register("vestigingen", VestigingViewSet, basename="vestiging")

urlpatterns = [
    path("openapi.json", OpenApiJsonView.as_view(), name="openapi-json"),
    path("openapi.yaml", OpenApiYamlView.as_view(), name="openapi-yaml"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi-json"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="openapi-json"), name="redoc"),
    path("mij", MijView.as_view(), name="mij"),
    *router.urls,
]
