"""Endpoints for content editors: images and content packs (authoring itself is in the admin)."""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.images import MAX_UPLOAD_BYTES
from backend.organisations.roles import Role
from microlessons.content_packs import (
    MAX_PACK_BYTES,
    module_export,
    module_import,
    pack_from_bytes,
)
from microlessons.image_uploads import lesson_image_create
from microlessons.selectors import visible_modules
from mobile_api.permissions import current_employee, has_role
from mobile_api.problems import upload_too_large
from mobile_api.serializers.microlessen import (
    AfbeeldingSerializer,
    AfbeeldingUploadSerializer,
    InhoudspakketUploadSerializer,
    ModuleVerwijzingSerializer,
)


@extend_schema(tags=["redactie"])
class AfbeeldingUploadView(APIView):
    permission_classes = [has_role(Role.CONTENT_EDITOR)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Een afbeelding uploaden",
        description=(
            "Controleert en verwerkt een afbeelding voor lessen: grootte- en pixelgrenzen, "
            "metadata (EXIF, ook GPS) verwijderd, varianten voor telefoons in WebP met JPEG als "
            "terugval. Kapotte, te grote en 'decompressiebom'-bestanden geven 400 en worden "
            "niet opgeslagen."
        ),
        request={"multipart/form-data": AfbeeldingUploadSerializer},
        responses={201: AfbeeldingSerializer},
        operation_id="afbeeldingen_create",
    )
    def post(self, request):
        serializer = AfbeeldingUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["bestand"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise upload_too_large("bestand", _("The image is larger than 10 MB."))
        employee = current_employee(request)
        image = lesson_image_create(
            owner=employee.organisation,
            data=upload.read(),
            description=serializer.validated_data["beschrijving"],
            by=employee,
        )
        return Response(
            AfbeeldingSerializer(image, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["redactie"])
class InhoudspakketExportView(APIView):
    permission_classes = [has_role(Role.CONTENT_EDITOR)]
    problem_statuses = (409,)

    @extend_schema(
        summary="Module als inhoudspakket",
        description=(
            "De gepubliceerde lessen van een module met leerdoelen, vragen en afbeeldingen als "
            "één JSON-document, om met een andere organisatie te delen. Ontbreekt het bestand "
            "van een afbeelding in de opslag, dan 409 `image_missing` met de afbeelding in de "
            "melding."
        ),
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Het inhoudspakket.")},
        operation_id="modules_inhoudspakket_retrieve",
    )
    def get(self, request, uuid):
        module = visible_modules(employee=current_employee(request)).filter(uuid=uuid).first()
        if module is None:
            raise exceptions.NotFound()
        response = JsonResponse(
            module_export(module=module), json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Disposition"] = f'attachment; filename="{module.key}.json"'
        return response


@extend_schema(tags=["redactie"])
class InhoudspakketImportView(APIView):
    permission_classes = [has_role(Role.CONTENT_EDITOR)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Een inhoudspakket importeren",
        description=(
            "Maakt de module van het pakket aan voor de eigen organisatie, met gepubliceerde "
            "lessen. Het pakket wordt eerst helemaal gecontroleerd: bij een fout wordt niets "
            "geïmporteerd en staat elk probleem in invalidParams."
        ),
        request={"multipart/form-data": InhoudspakketUploadSerializer},
        responses={201: ModuleVerwijzingSerializer},
        operation_id="inhoudspakketten_create",
    )
    def post(self, request):
        serializer = InhoudspakketUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["pakket"]
        if upload.size > MAX_PACK_BYTES:
            raise upload_too_large("pakket", _("The file is larger than 50 MB."))
        pack = pack_from_bytes(upload.read())
        employee = current_employee(request)
        module = module_import(pack=pack, organisation=employee.organisation, by=employee)
        return Response(ModuleVerwijzingSerializer(module).data, status=status.HTTP_201_CREATED)
