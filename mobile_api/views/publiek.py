"""The public door: citizens compliment employees or teams from the municipality's website,
without signing in. Throttled per client in the shared cache (so the limit holds across
every worker process), a honeypot field against bots, CORS only for the organisation's own
websites, and always moderated before any employee sees it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.organisations.models import Department
from campaigns.compliments import selectors
from campaigns.compliments.citizen_compliments import (
    accepting_organisation,
    allowed_origins,
    citizen_compliment_submit,
)
from mobile_api.permissions import current_employee
from mobile_api.serializers.publiek import (
    PubliekAfdelingSerializer,
    PubliekComplimentInvoerSerializer,
    PubliekComplimentSerializer,
    PubliekOntvangstSerializer,
)
from mobile_api.throttling import ScopedRateThrottleFromSettings

TAG = ["publiek"]


def _unknown_organisation():
    error = exceptions.ValidationError(
        {
            "organisatie": [
                exceptions.ErrorDetail(
                    _("This municipality does not take compliments here."), "not_found"
                )
            ]
        }
    )
    error.problem_code = "not_found"
    return error


class PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]


@extend_schema(tags=TAG)
class PubliekComplimentenView(PublicView):
    throttle_classes = [ScopedRateThrottleFromSettings]
    throttle_scope = "publiek"
    problem_statuses = (403,)

    @extend_schema(
        summary="Een compliment van een inwoner",
        description=(
            "Zonder aanmelding, vanaf de website van de gemeente. Het compliment wordt altijd "
            "eerst beoordeeld; pas daarna ziet de medewerker of het team het. Per client "
            "beperkt (429 met Retry-After). Vanuit een browser alleen vanaf de websites die "
            "de gemeente heeft opgegeven (CORS; een ander Origin geeft 403 "
            "`origin_not_allowed`). Het antwoord is altijd 202 zonder de tekst terug."
        ),
        request=PubliekComplimentInvoerSerializer,
        responses={202: PubliekOntvangstSerializer},
        operation_id="publiek_complimenten_create",
    )
    def post(self, request):
        serializer = PubliekComplimentInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = accepting_organisation(data["organisatie"])
        if organisation is None:
            raise _unknown_organisation()
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/") not in allowed_origins(organisation):
            raise exceptions.PermissionDenied(
                _("Compliments can only be sent from the municipality's own website."),
                code="origin_not_allowed",
            )
        received = Response({"status": "ontvangen"}, status=status.HTTP_202_ACCEPTED)
        if data["website"]:
            return received  # a bot filled the hidden field: answer as usual, keep nothing
        citizen_compliment_submit(
            organisation=organisation,
            message=data["bericht"],
            employee_name=data["medewerker"],
            department_uuid=data.get("afdeling"),
            contact_name=data["naam"],
            contact_email=data.get("email", ""),
            contact_phone=data["telefoon"],
        )
        return received


@extend_schema(tags=TAG)
class PubliekAfdelingenView(PublicView):
    throttle_classes = [ScopedRateThrottleFromSettings]
    throttle_scope = "publiek_lezen"

    @extend_schema(
        summary="Teams van een gemeente",
        description="Om in het formulier op de website een team te kiezen; alleen voor "
        "gemeenten die complimenten van inwoners aannemen.",
        responses=PubliekAfdelingSerializer(many=True),
        operation_id="publiek_organisaties_afdelingen_list",
    )
    def get(self, request, organisatie):
        organisation = accepting_organisation(organisatie)
        if organisation is None:
            raise exceptions.NotFound()
        departments = Department.objects.filter(organisation=organisation).order_by("name")
        return Response(PubliekAfdelingSerializer(departments, many=True).data)


@extend_schema(tags=["complimenten"])
class MijnPubliekeComplimentenView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = PubliekComplimentSerializer

    def get_queryset(self):
        return selectors.citizen_compliments_received(employee=current_employee(self.request))

    @extend_schema(
        summary="Complimenten van inwoners",
        description="Goedgekeurde complimenten van inwoners voor jou of je team, nieuwste "
        "eerst; zonder de contactgegevens van de inwoner.",
        operation_id="mij_publiekscomplimenten_list",
    )
    def get(self, request):
        return self.list(request)
