"""Conversation simulations: the ones a learner can play, and their attempts."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from microlessons import simulation_selectors as selectors
from microlessons.simulation_play import (
    ChoiceMade,
    simulation_attempt_start,
    simulation_choose,
    simulation_result,
)
from mobile_api.fields import UUID_PATTERN
from mobile_api.permissions import current_employee
from mobile_api.serializers.simulaties import (
    KeuzeInvoerSerializer,
    SimulatieGesprekSerializer,
    SimulatiepogingInvoerSerializer,
    SimulatiepogingKortSerializer,
    SimulatiepogingSerializer,
    SimulatieSerializer,
)


@extend_schema(tags=["simulaties"])
@extend_schema_view(
    list=extend_schema(
        summary="Simulaties",
        description="De gesprekssimulaties die de medewerker kan spelen.",
    ),
    retrieve=extend_schema(
        summary="Een simulatie met het hele gesprek",
        description="Alle stappen en keuzes van de gepubliceerde versie, met feedback en "
        "effecten, om ook offline te spelen. De server rekent de scores zelf na.",
        responses=SimulatieGesprekSerializer,
    ),
)
class SimulatieViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SimulatieSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    pagination_class = None

    def get_queryset(self):
        return selectors.playable_simulations(employee=current_employee(self.request))

    def get_object(self):
        simulation = selectors.simulation_get(
            employee=current_employee(self.request), simulation_uuid=self.kwargs["uuid"]
        )
        if simulation is None:
            raise exceptions.NotFound()
        return simulation

    def retrieve(self, request, uuid=None):
        return Response(SimulatieGesprekSerializer(self.get_object()).data)


def attempt_response(request, attempt, *, created):
    fresh = selectors.attempt_get(employee=current_employee(request), attempt_uuid=attempt.uuid)
    result = simulation_result(fresh)
    data = SimulatiepogingSerializer(fresh, context={"results": {fresh.pk: result}}).data
    return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(tags=["simulaties"])
class SimulatiepogingenView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = SimulatiepogingKortSerializer

    @property
    def problem_statuses(self):
        return (404, 409) if self.request is not None and self.request.method == "POST" else ()

    def get_queryset(self):
        return selectors.attempts_of(employee=current_employee(self.request))

    @extend_schema(
        summary="Eigen simulatiepogingen",
        description="De pogingen van de medewerker, nieuwste eerst, met de scores van de "
        "afgeronde.",
        operation_id="mij_simulatiepogingen_list",
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Een simulatie starten, of een offline gespeeld gesprek inleveren",
        description=(
            "Start een poging op de huidige gepubliceerde versie (of op `versie`). Met `pad` "
            "lever je een heel offline gespeeld gesprek in: de server controleert elke keuze "
            "vanaf de start tot een einde en berekent de scores zelf; een fout pad geeft 400 "
            "`invalid_path` en slaat niets op. Dezelfde uuid opnieuw geeft 200 met hetzelfde "
            "resultaat; dezelfde uuid met andere inhoud geeft 409."
        ),
        request=SimulatiepogingInvoerSerializer,
        responses={201: SimulatiepogingSerializer, 200: SimulatiepogingSerializer},
        operation_id="mij_simulatiepogingen_create",
    )
    def post(self, request):
        serializer = SimulatiepogingInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        path = data.get("pad")
        attempt, created = simulation_attempt_start(
            employee=current_employee(request),
            attempt_uuid=data["uuid"],
            simulation_uuid=data["simulatie"],
            started_at=data["gestartOp"],
            version_number=data.get("versie"),
            path=None
            if path is None
            else [ChoiceMade(p["uuid"], p["keuze"], p["gekozenOp"]) for p in path],
        )
        return attempt_response(request, attempt, created=created)


@extend_schema(tags=["simulaties"])
class SimulatiepogingView(APIView):
    @extend_schema(
        summary="Een simulatiepoging",
        description="Waar het gesprek is, wat er gekozen is en, als het af is, het resultaat: "
        "de vier scores, de nabespreking en de keuzes die het meest kostten.",
        responses=SimulatiepogingSerializer,
        operation_id="mij_simulatiepogingen_retrieve",
    )
    def get(self, request, uuid):
        attempt = selectors.attempt_get(employee=current_employee(request), attempt_uuid=uuid)
        if attempt is None:
            raise exceptions.NotFound()
        return attempt_response(request, attempt, created=False)


@extend_schema(tags=["simulaties"])
class SimulatiekeuzeView(APIView):
    problem_statuses = (404, 409)

    @extend_schema(
        summary="Een keuze maken",
        description=(
            "Alleen een keuze van de huidige stap wordt aangenomen (anders 400 "
            "`choice_not_in_current_step`; na het einde 400 `simulation_ended`). Dezelfde "
            "uuid opnieuw geeft 200; dezelfde uuid met een andere keuze geeft 409."
        ),
        request=KeuzeInvoerSerializer,
        responses={201: SimulatiepogingSerializer, 200: SimulatiepogingSerializer},
        operation_id="mij_simulatiepogingen_keuzes_create",
    )
    def post(self, request, uuid):
        if selectors.attempt_get(employee=current_employee(request), attempt_uuid=uuid) is None:
            raise exceptions.NotFound()  # another's attempt is a 404 whatever the body says
        serializer = KeuzeInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attempt, created = simulation_choose(
            employee=current_employee(request),
            attempt_uuid=uuid,
            made=ChoiceMade(data["uuid"], data["keuze"], data["gekozenOp"]),
        )
        return attempt_response(request, attempt, created=created)
