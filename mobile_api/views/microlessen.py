import hashlib

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from microlessons import selectors, today
from microlessons.learner_events import AnswerEvent, CompletionEvent, Outcome, record_learner_events
from microlessons.models import Lesson
from microlessons.simulation_selectors import playable_simulations, with_published_graph
from mobile_api.fields import UUID_PATTERN
from mobile_api.permissions import current_employee
from mobile_api.problems import flatten_invalid_params
from mobile_api.serializers.microlessen import (
    AntwoordInvoerSerializer,
    AntwoordResultaatSerializer,
    LesSerializer,
    ModuleSerializer,
    OfflineModuleSerializer,
    SynchronisatieInvoerSerializer,
    SynchronisatieResultaatSerializer,
    VandaagSerializer,
    VoltooiingInvoerSerializer,
    VoltooiingSerializer,
    WijzigingenSerializer,
)

# Why an event was rejected -> (HTTP status for single calls, field in the request)
REJECTIONS = {
    "conflict": (409, "uuid"),
    "unknown_question": (404, "vraag"),
    "unknown_lesson_version": (404, "les"),
    "invalid_option": (400, "gekozenOpties"),
    "one_option_expected": (400, "gekozenOpties"),
    "future_timestamp": (400, None),
    "timestamp_too_old": (400, None),
}
REJECTION_REASONS = {
    "conflict": _("This uuid was already used for another event."),
    "unknown_question": _("This question does not exist (or not for you)."),
    "unknown_lesson_version": _("This lesson version does not exist (or not for you)."),
    "invalid_option": _("Choose options of this question."),
    "one_option_expected": _("This question takes exactly one option."),
    "future_timestamp": _("This moment lies in the future."),
    "timestamp_too_old": _("This moment lies more than 60 days back."),
}
TIMESTAMP_FIELD = {"antwoord": "beantwoordOp", "voltooiing": "voltooidOp"}


def answer_event(data) -> AnswerEvent:
    return AnswerEvent(
        uuid=data["uuid"],
        question_uuid=data["vraag"],
        chosen_option_uuids=tuple(data["gekozenOpties"]),
        occurred_at=data["beantwoordOp"],
        duration_ms=data.get("duurMs"),
    )


def completion_event(data) -> CompletionEvent:
    return CompletionEvent(
        uuid=data["uuid"],
        lesson_uuid=data["les"],
        version_number=data["versie"],
        occurred_at=data["voltooidOp"],
        duration_seconds=data.get("duurSeconden"),
    )


EVENT_INPUT = {"antwoord": AntwoordInvoerSerializer, "voltooiing": VoltooiingInvoerSerializer}
EVENT_BUILDERS = {"antwoord": answer_event, "voltooiing": completion_event}


def rejection_params(kind, code):
    _status, field = REJECTIONS[code]
    reason = str(REJECTION_REASONS[code])
    return [{"name": field or TIMESTAMP_FIELD[kind], "code": code, "reason": reason}]


def rejection_error(kind, code) -> exceptions.APIException:
    status_code, _field = REJECTIONS[code]
    reason = str(REJECTION_REASONS[code])
    if status_code == 400:
        error = exceptions.ValidationError(
            {
                p["name"]: [exceptions.ErrorDetail(p["reason"], code)]
                for p in rejection_params(kind, code)
            }
        )
        error.problem_code, error.problem_detail = code, reason
        return error
    error = exceptions.APIException(reason, code=code)
    error.status_code = status_code
    return error


def record_single_event(request, kind, serializer_class):
    """One answer or completion: 201 when new, 200 for a replay, a problem when rejected."""
    serializer = EVENT_INPUT[kind](data=request.data)
    serializer.is_valid(raise_exception=True)
    event = EVENT_BUILDERS[kind](serializer.validated_data)
    [result] = record_learner_events(employee=current_employee(request), events=[event])
    if result.status == Outcome.REJECTED:
        raise rejection_error(kind, result.code)
    record = result.answer if kind == "antwoord" else result.completion
    data = serializer_class(record, context={"request": request}).data
    created = result.status == Outcome.RECORDED
    return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(tags=["leren"])
class VandaagView(APIView):
    @extend_schema(
        summary="De sessie van vandaag",
        description=(
            "De volgende nieuwe les in het leerpad, een korte gesprekssimulatie als er een aan "
            "de beurt is, de herhalingen die vandaag aan de beurt zijn en de reeks, samen binnen "
            "het tijdbudget. Eerst de les, dan de simulatie; is de les van vandaag al gedaan, "
            "dan eerst de simulatie en een volgende les als er tijd over is. 'Vandaag' is de "
            "kalenderdag in de tijdzone van de medewerker."
        ),
        parameters=[
            OpenApiParameter(
                "tijdbudget",
                {"type": "integer", "minimum": 60, "maximum": 1800, "default": 300},
                description="Seconden voor vandaag, 60 tot 1800 (standaard 300).",
            )
        ],
        responses=VandaagSerializer,
        operation_id="mij_vandaag_retrieve",
    )
    def get(self, request):
        budget = serializers.IntegerField(min_value=60, max_value=1800)
        raw_budget = request.query_params.get("tijdbudget", today.DEFAULT_BUDGET_SECONDS)
        try:
            budget_seconds = budget.run_validation(raw_budget)
        except exceptions.ValidationError as exc:
            raise exceptions.ValidationError({"tijdbudget": exc.detail}) from exc
        session = today.today_session(
            employee=current_employee(request), now=timezone.now(), budget_seconds=budget_seconds
        )
        return Response(VandaagSerializer(session, context={"request": request}).data)


@extend_schema(tags=["leren"])
@extend_schema_view(
    list=extend_schema(
        summary="Modules in het leerpad",
        description="Alle modules die de medewerker kan volgen, met lessen en wat al voltooid is.",
    ),
    retrieve=extend_schema(
        summary="Een module",
        description="Een module die de medewerker kan volgen, met de lessen en wat al voltooid is.",
    ),
)
class ModuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ModuleSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    pagination_class = None

    def get_queryset(self):
        return selectors.visible_modules(employee=current_employee(self.request)).order_by(
            "position", "title", "pk"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        employee = current_employee(self.request)
        lessons_by_module = {}
        for lesson in selectors.path_lessons(employee=employee):
            lessons_by_module.setdefault(lesson.module_id, []).append(lesson)
        context["lessons_by_module"] = lessons_by_module
        context["completed_lesson_ids"] = set(
            selectors.completed_lesson_ids(employee=employee).values_list("lesson_id", flat=True)
        )
        return context

    def list(self, request):
        context = self.get_serializer_context()
        modules = [m for m in self.get_queryset() if m.pk in context["lessons_by_module"]]
        return Response(ModuleSerializer(modules, many=True, context=context).data)

    @extend_schema(
        summary="Module voor offline gebruik",
        description=(
            "Alle lessen van de module met blokken, vragen (met juiste antwoorden en feedback) en "
            "afbeeldings-URL's. Stuur de ETag terug in If-None-Match: is er niets veranderd, dan "
            "volgt 304 zonder inhoud."
        ),
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="De ETag van de vorige download.",
            )
        ],
        responses={
            200: OpenApiResponse(OfflineModuleSerializer, description="De module met alle inhoud."),
            304: OpenApiResponse(description="Niets veranderd sinds de ETag."),
        },
        operation_id="modules_offline_pakket_retrieve",
    )
    @action(detail=True, methods=["get"], url_path="offline-pakket")
    def offline_pakket(self, request, uuid=None):
        module = self.get_object()
        employee = current_employee(request)
        lessons = selectors.path_lessons(employee=employee).filter(module=module)
        content = list(selectors.with_lesson_content(lessons))
        simulations = with_published_graph(
            playable_simulations(employee=employee).filter(module=module)
        )
        data = OfflineModuleSerializer(
            module,
            context={
                "request": request,
                "lessons": content,
                "simulations": list(simulations),
                "learner": employee,
            },
        ).data
        # Derived from what is served, so no edit can change the package but not the tag.
        headers = {"ETag": served_etag(data)}
        if headers["ETag"] in _if_none_match(request):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        return Response(data, headers=headers)


def served_etag(data) -> str:
    digest = hashlib.sha256(JSONRenderer().render(_without_signatures(data))).hexdigest()[:32]
    return f'"{digest}"'


def _without_signatures(value):
    """The package as served, but with file URLs cut before their query: on object storage a
    URL is signed anew on every request, while the file it points at stays the same."""
    if isinstance(value, dict):
        return {
            key: item.split("?", 1)[0]
            if key == "url" and isinstance(item, str)
            else _without_signatures(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_signatures(item) for item in value]
    return value


def _if_none_match(request) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


@extend_schema(tags=["leren"])
@extend_schema_view(
    retrieve=extend_schema(
        summary="Een les",
        description="De gepubliceerde versie van de les voor deze medewerker, met alle blokken.",
    )
)
class LesViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LesSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN

    def get_object(self):
        lesson = selectors.lesson_get(
            employee=current_employee(self.request), lesson_uuid=self.kwargs["uuid"]
        )
        if lesson is None:
            raise exceptions.NotFound()
        return lesson

    def get_queryset(self):
        return Lesson.objects.none()


@extend_schema(tags=["leren"])
class AntwoordView(APIView):
    problem_statuses = (404, 409)

    @extend_schema(
        summary="Een antwoord vastleggen",
        description=(
            "De server kijkt het antwoord na, geeft feedback en werkt de herhaalplanning en de "
            "reeks bij. Opnieuw versturen met dezelfde uuid geeft 200 met hetzelfde resultaat; "
            "dezelfde uuid met een ander antwoord geeft 409."
        ),
        request=AntwoordInvoerSerializer,
        responses={201: AntwoordResultaatSerializer, 200: AntwoordResultaatSerializer},
        operation_id="mij_antwoorden_create",
    )
    def post(self, request):
        return record_single_event(request, "antwoord", AntwoordResultaatSerializer)


@extend_schema(tags=["leren"])
class VoltooiingView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = VoltooiingSerializer

    @property
    def problem_statuses(self):
        return (404, 409) if self.request is not None and self.request.method == "POST" else ()

    def get_queryset(self):
        return selectors.completion_history(employee=current_employee(self.request))

    @extend_schema(
        summary="Voltooide lessen",
        description="De voltooiingsgeschiedenis van de medewerker, nieuwste eerst.",
        operation_id="mij_voltooiingen_list",
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Een les voltooien",
        description=(
            "Legt vast dat de medewerker een lesversie heeft afgerond. Opnieuw versturen met "
            "dezelfde uuid is veilig."
        ),
        request=VoltooiingInvoerSerializer,
        responses={201: VoltooiingSerializer, 200: VoltooiingSerializer},
        operation_id="mij_voltooiingen_create",
    )
    def post(self, request):
        return record_single_event(request, "voltooiing", VoltooiingSerializer)


@extend_schema(tags=["leren"])
class SynchronisatieView(APIView):
    @extend_schema(
        summary="Offline gebeurtenissen uploaden",
        description=(
            "Een batch antwoorden en voltooiingen van een apparaat dat offline was. Elke "
            "gebeurtenis krijgt een eigen resultaat: verwerkt, dubbel (al eerder ontvangen) of "
            "afgewezen met een code. Goede gebeurtenissen worden altijd verwerkt, ook als andere "
            "in dezelfde batch fout zijn. De volgorde van aankomst maakt voor de uitkomst niet uit."
        ),
        request=SynchronisatieInvoerSerializer,
        responses={200: SynchronisatieResultaatSerializer},
        operation_id="mij_synchronisaties_create",
    )
    def post(self, request):
        envelope = SynchronisatieInvoerSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        slots, events = [], []
        for item in envelope.validated_data["gebeurtenissen"]:
            slots.append(_parse_item(item, events))
        results = iter(
            record_learner_events(employee=current_employee(request), events=events)
            if events
            else []
        )
        rows = [
            slot if isinstance(slot, dict) else _result_row(slot, next(results)) for slot in slots
        ]
        counts = {
            name: sum(1 for row in rows if row["status"] == name)
            for name in ("verwerkt", "dubbel", "afgewezen")
        }
        payload = {**counts, "resultaten": rows}
        return Response(
            SynchronisatieResultaatSerializer(payload, context={"request": request}).data
        )


def _parse_item(item, events):
    """A valid item becomes an event (returns its kind); an invalid one its result row."""
    kind = item.get("soort")
    if isinstance(kind, str) and kind in EVENT_INPUT:
        specific = EVENT_INPUT[kind](data=item)
        if specific.is_valid():
            data = specific.validated_data
            events.append(EVENT_BUILDERS[kind](data))
            return kind
        errors = specific.errors
    else:
        kind = None
        errors = {
            "soort": [exceptions.ErrorDetail(_("Choose antwoord or voltooiing."), "invalid_choice")]
        }
    given_uuid = item.get("uuid")
    return {
        # echoed so the device can match the row, but only when it is text of sensible length
        "uuid": given_uuid if isinstance(given_uuid, str) and len(given_uuid) <= 64 else None,
        "soort": kind,
        "status": "afgewezen",
        "code": "invalid",
        "invalidParams": flatten_invalid_params(errors),
        "antwoord": None,
        "voltooiing": None,
    }


def _result_row(kind, result):
    rejected = result.status == Outcome.REJECTED
    return {
        "uuid": str(result.uuid),
        "soort": kind,
        "status": result.status,
        "code": result.code or None,
        "invalidParams": rejection_params(kind, result.code) if rejected else [],
        "antwoord": result.answer if kind == "antwoord" and not rejected else None,
        "voltooiing": result.completion if kind == "voltooiing" and not rejected else None,
    }


CURSOR_SALT = "mobile_api.wijzigingen"


@extend_schema(tags=["leren"])
class WijzigingenView(APIView):
    @extend_schema(
        summary="Eigen wijzigingen ophalen",
        description=(
            "De herhaalkaarten en voltooiingen die veranderd zijn sinds de cursor van de vorige "
            "keer, plus de reeks. Zonder cursor komt alles. Bewaar de nieuwe cursor."
        ),
        parameters=[
            OpenApiParameter("cursor", OpenApiTypes.STR, description="Van de vorige keer.")
        ],
        responses=WijzigingenSerializer,
        operation_id="mij_wijzigingen_retrieve",
    )
    def get(self, request):
        employee = current_employee(request)
        since = 0
        if request.query_params.get("cursor"):
            try:
                payload = signing.loads(request.query_params["cursor"], salt=CURSOR_SALT)
                if payload["m"] != str(employee.uuid):
                    raise ValueError("cursor of another learner")
                since = int(payload["r"])
            except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
                error = exceptions.ValidationError(
                    {
                        "cursor": [
                            exceptions.ErrorDetail(_("This cursor is not valid."), "invalid_cursor")
                        ]
                    }
                )
                error.problem_code = "invalid_cursor"
                raise error from exc
        changes = selectors.learner_changes(
            employee=employee, since_revision=since, now=timezone.now()
        )
        cursor = signing.dumps({"m": str(employee.uuid), "r": changes.revision}, salt=CURSOR_SALT)
        data = {
            "cursor": cursor,
            "kaarten": changes.cards,
            "voltooiingen": changes.completions,
            "reeks": changes.streak,
        }
        return Response(WijzigingenSerializer(data).data)
