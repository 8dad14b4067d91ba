"""The front door: `/` says what this is (for people), `/api/v1` lists where to go (for
programs). Both open to anyone; neither reveals data."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

# Demo sign-ins shown on the front page of the embedded default only (backend demo data).
DEMO_LOGINS = [
    ("demo-medewerker", "een handhaver (medewerker): de app"),
    ("demo-redacteur", "redacteur: lessen schrijven in het beheer"),
    ("demo-organisator", "campagne-organisator"),
    ("demo-coach", "ontregelcoach"),
    ("demo-analist", "bekijkt inzichten"),
    ("demo-beheerder", "organisatiebeheerder van Zeventerpen"),
    ("demo-oosterdijk", "organisatiebeheerder van Oosterdijk"),
]


@require_GET
def front_page(request):
    context = {
        "api_url": reverse("api-root"),
        "docs_url": reverse("swagger-ui"),
        "redoc_url": reverse("redoc"),
        "openapi_url": reverse("openapi-json"),
        "admin_url": reverse("admin:index"),
        "demo_logins": [] if settings.PRODUCTION else DEMO_LOGINS,
        "demo_password": None if settings.PRODUCTION else "zeventerpen",
    }
    return render(request, "mobile_api/front_door.html", context)


class ApiLinksSerializer(serializers.Serializer):
    openapi = serializers.URLField(help_text="Het OpenAPI-document (JSON).")
    documentatie = serializers.URLField(help_text="De documentatie (Swagger UI).")
    redoc = serializers.URLField(help_text="De documentatie (Redoc).")
    aanmelden = serializers.URLField(help_text="Aanmelden: een token aanvragen.")
    mij = serializers.URLField(help_text="De aangemelde medewerker.")
    vandaag = serializers.URLField(help_text="De leersessie van vandaag.")
    modules = serializers.URLField(help_text="De modules in het leerpad.")
    medewerkers = serializers.URLField(help_text="Collega's.")


class ApiRootSerializer(serializers.Serializer):
    naam = serializers.CharField()
    versie = serializers.CharField(help_text="De versie van de API (semver).")
    links = ApiLinksSerializer()


class ApiRootView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Startpunt van de API",
        description="Waar alles te vinden is: het document, de documentatie en de "
        "belangrijkste bronnen. Zonder aanmelden.",
        responses=ApiRootSerializer,
        tags=["api"],
        operation_id="api_root_retrieve",
        auth=[],
    )
    def get(self, request):
        def link(name):
            return request.build_absolute_uri(reverse(name))

        links = {
            "openapi": link("openapi-json"),
            "documentatie": link("swagger-ui"),
            "redoc": link("redoc"),
            "aanmelden": link("token-list"),
            "mij": link("mij"),
            "vandaag": link("mij-vandaag"),
            "modules": link("module-list"),
            "medewerkers": link("medewerker-list"),
        }
        body = {"naam": "Dienst-DNA API", "versie": settings.API_VERSION, "links": links}
        return Response(ApiRootSerializer(body).data)
