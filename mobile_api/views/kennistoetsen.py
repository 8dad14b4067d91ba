"""The knowledge test: which tests there are, and taking one (practice or measurement)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from microlessons import knowledge_test_attempts as attempts
from mobile_api.permissions import current_employee
from mobile_api.serializers.kennistoetsen import (
    KennistoetsSerializer,
    ToetsantwoordInvoerSerializer,
    ToetsantwoordSerializer,
    ToetspogingInvoerSerializer,
    ToetspogingSerializer,
)


@extend_schema(tags=["kennistoets"])
class KennistoetsenView(APIView):
    @extend_schema(
        summary="Kennistoetsen",
        description="De toetsen die de medewerker kan maken, met per toets of er nu een "
        "meetvenster van de organisatie open is.",
        responses=KennistoetsSerializer(many=True),
        operation_id="kennistoetsen_list",
    )
    def get(self, request):
        offer = attempts.tests_on_offer(employee=current_employee(request), now=timezone.now())
        context = {"open_windows": offer.open_windows, "measured_windows": offer.measured_windows}
        return Response(KennistoetsSerializer(offer.tests, many=True, context=context).data)


def attempt_response(request, attempt_uuid, *, created):
    attempt = attempts.attempt_get(employee=current_employee(request), attempt_uuid=attempt_uuid)
    return Response(
        ToetspogingSerializer(attempt).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@extend_schema(tags=["kennistoets"])
class ToetspogingenView(APIView):
    problem_statuses = (404, 409)

    @extend_schema(
        summary="Een toets beginnen",
        description=(
            "Oefenen kan altijd. Een meting alleen terwijl het meetvenster van de organisatie "
            "open is (anders 400 `no_open_window`); alleen de eerste ingeleverde meting in een "
            "venster telt. De vragen komen zonder juiste antwoorden. Dezelfde uuid opnieuw "
            "geeft 200 met dezelfde poging."
        ),
        request=ToetspogingInvoerSerializer,
        responses={201: ToetspogingSerializer, 200: ToetspogingSerializer},
        operation_id="mij_toetspogingen_create",
    )
    def post(self, request):
        serializer = ToetspogingInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attempt, created = attempts.knowledge_test_attempt_start(
            employee=current_employee(request),
            attempt_uuid=data["uuid"],
            test_uuid=data["toets"],
            kind=data["soort"],
        )
        return attempt_response(request, attempt.uuid, created=created)


@extend_schema(tags=["kennistoets"])
class ToetspogingView(APIView):
    @extend_schema(
        summary="Een toetspoging",
        description="De vragen met de eigen antwoorden; na het inleveren ook de uitslag per "
        "onderwerp en per vraag.",
        responses=ToetspogingSerializer,
        operation_id="mij_toetspogingen_retrieve",
    )
    def get(self, request, uuid):
        if attempts.attempt_get(employee=current_employee(request), attempt_uuid=uuid) is None:
            raise exceptions.NotFound()
        return attempt_response(request, uuid, created=False)


@extend_schema(tags=["kennistoets"])
class ToetsantwoordView(APIView):
    problem_statuses = (404,)

    @extend_schema(
        summary="Een vraag beantwoorden",
        description=(
            "Legt het antwoord vast (of vervangt het, tot het inleveren). Bij oefenen volgt "
            "meteen of het juist is; bij een meting alleen dat het is opgeslagen. Na het "
            "inleveren of na het sluiten van het meetvenster: 400."
        ),
        request=ToetsantwoordInvoerSerializer,
        responses=ToetsantwoordSerializer,
        operation_id="mij_toetspogingen_antwoorden_create",
    )
    def post(self, request, uuid):
        employee = current_employee(request)
        if attempts.attempt_get(employee=employee, attempt_uuid=uuid) is None:
            raise exceptions.NotFound()  # another's attempt is a 404 whatever the body says
        serializer = ToetsantwoordInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = attempts.knowledge_answer(
            employee=employee,
            attempt_uuid=uuid,
            question_uuid=serializer.validated_data["vraag"],
            chosen_option_uuids=serializer.validated_data["gekozenOpties"],
        )
        return Response(ToetsantwoordSerializer(answer, context={"attempt": answer.attempt}).data)


@extend_schema(tags=["kennistoets"])
class ToetsinleveringView(APIView):
    problem_statuses = (404,)

    @extend_schema(
        summary="Een toetspoging inleveren",
        description="Daarna verandert de poging niet meer en volgt de uitslag per onderwerp. "
        "Een meting na het sluiten van het venster: 400 `window_closed`.",
        request=None,
        responses=ToetspogingSerializer,
        operation_id="mij_toetspogingen_inleveren_create",
    )
    def post(self, request, uuid):
        attempts.knowledge_test_submit(employee=current_employee(request), attempt_uuid=uuid)
        return attempt_response(request, uuid, created=False)
