from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.organisations.personal_data import employee_data_export, erasure_request
from backend.organisations.selectors import employee_profile_queryset
from mobile_api.permissions import current_employee
from mobile_api.serializers.profiel import (
    MijnGegevensSerializer,
    MijSerializer,
    VerwijderverzoekSerializer,
)


class MijView(APIView):
    @extend_schema(
        summary="Mijn profiel",
        description="De aangemelde medewerker met organisatie, afdeling, vestiging en rollen.",
        responses=MijSerializer,
        tags=["profiel"],
        operation_id="mij_retrieve",
    )
    def get(self, request):
        employee = employee_profile_queryset().get(pk=current_employee(request).pk)
        return Response(MijSerializer(employee).data)


@extend_schema(tags=["profiel"])
class MijnGegevensView(APIView):
    @extend_schema(
        summary="Al mijn gegevens (AVG)",
        description="Alles wat over jou is opgeslagen, per onderdeel, als JSON om te bewaren: "
        "je profiel, aanmeldingen en toestellen, notificaties, wat je leerde en oefende, "
        "complimenten (ontvangen vanaf de bezorgdatum) en je regelmeldingen (anonieme meldingen "
        "leiden niet naar jou en staan er dus niet in).",
        responses={
            200: OpenApiResponse(
                response=MijnGegevensSerializer, description="Je gegevens, als download."
            )
        },
        operation_id="mij_gegevens_retrieve",
    )
    def get(self, request):
        employee = current_employee(request)
        response = Response(employee_data_export(employee=employee))
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        return response


@extend_schema(tags=["profiel"])
class VerwijderverzoekView(APIView):
    @extend_schema(
        summary="Vragen om mijn gegevens te wissen (AVG)",
        description="Je organisatiebeheerder voert het uit: daarna kun je niet meer aanmelden, "
        "je naam en gegevens zijn weg, en wat je deed telt anoniem mee. Nog een keer vragen "
        "terwijl je verzoek openstaat, verandert niets (200).",
        request=None,
        responses={202: VerwijderverzoekSerializer, 200: VerwijderverzoekSerializer},
        operation_id="mij_verwijderverzoek_create",
    )
    def post(self, request):
        erasure, created = erasure_request(employee=current_employee(request), now=timezone.now())
        return Response(
            VerwijderverzoekSerializer(erasure).data,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
        )
