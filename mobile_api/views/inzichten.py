"""Insights for insights viewers: groups only, small groups suppressed, as JSON and as CSV."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.group_tables import table_csv
from backend.organisations.roles import Role
from microlessons import insights
from microlessons.models import KnowledgeTest, MeasurementWindow
from mobile_api.fields import query_choice
from mobile_api.permissions import current_employee, has_role
from mobile_api.serializers.inzichten import InzichtTabelSerializer


def _unknown(name):
    """An id in the query that does not exist, or not for this organisation: a 404, as for an
    id in the path."""
    return exceptions.NotFound(
        _("%(name)s: this does not exist (or not for you).") % {"name": name}
    )


def _weeks(request) -> int:
    field = serializers.IntegerField(min_value=1, max_value=52)
    try:
        return field.run_validation(request.query_params.get("weken", insights.DEFAULT_WEEKS))
    except exceptions.ValidationError as exc:
        raise exceptions.ValidationError({"weken": exc.detail}) from exc


def _uuid_param(request, name):
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        return serializers.UUIDField().run_validation(raw)
    except exceptions.ValidationError as exc:
        raise exceptions.ValidationError({name: exc.detail}) from exc


def _window(request, organisation):
    wanted = _uuid_param(request, "meetvenster")
    if wanted is None:
        return None
    window = (
        MeasurementWindow.objects.filter(organisation=organisation, uuid=wanted)
        .select_related("test")
        .first()
    )
    if window is None:
        raise _unknown("meetvenster")
    return window


def _test(request, organisation):
    wanted = _uuid_param(request, "toets")
    if wanted is None:
        return None
    test = KnowledgeTest.objects.filter(uuid=wanted, windows__organisation=organisation).first()
    if test is None:
        raise _unknown("toets")
    return test


def insight_table(request, view: str):
    """The table of one insight view for the signed-in viewer's organisation (None: no data)."""
    # Well-formed whether or not this view reads them.
    for name in ("meetvenster", "toets"):
        _uuid_param(request, name)
    _weeks(request)
    organisation = current_employee(request).organisation
    return insights.insight_table(
        organisation=organisation,
        view=view,
        now=timezone.now(),
        weeks=_weeks(request) if view == "deelname" else insights.DEFAULT_WEEKS,
        window=_window(request, organisation) if view == "kennistoets" else None,
        test=_test(request, organisation) if view == "trend" else None,
    )


class InsightView(APIView):
    permission_classes = [has_role(Role.INSIGHTS_VIEWER)]
    view_name = ""

    def get(self, request):
        table = insight_table(request, self.view_name)
        if table is None:
            raise exceptions.NotFound(_("There are no measurements yet."))
        return Response(InzichtTabelSerializer(table).data)


WEEKS = OpenApiParameter(
    "weken",
    {"type": "integer", "minimum": 1, "maximum": 52, "default": 12},
    description="Hoeveel weken terug, 1 tot 52 (standaard 12).",
)
WINDOW = OpenApiParameter(
    "meetvenster",
    OpenApiTypes.UUID,
    description="Het meetvenster; zonder: het laatst gesloten (zolang er geen is: het open).",
)
TEST = OpenApiParameter(
    "toets", OpenApiTypes.UUID, description="De toets; zonder: die van het laatste meetvenster."
)
SUPPRESSION = (
    "Alleen groepen, nooit personen: een groep kleiner dan het minimum van de organisatie "
    "(standaard 5) wordt niet getoond, en evenmin een tweede groep waar de eerste anders uit "
    "de totalen af te leiden zou zijn."
)


def _documented(summary, text, parameters=()):
    return extend_schema(
        summary=summary,
        description=f"{text} {SUPPRESSION}",
        parameters=list(parameters),
        responses=InzichtTabelSerializer,
        tags=["inzichten"],
    )


class DeelnameView(InsightView):
    view_name = "deelname"
    problem_statuses = (404,)

    @_documented(
        "Deelname per week",
        "Per afdeling en week het deel van de medewerkers dat iets leerde.",
        [WEEKS],
    )
    def get(self, request):
        return super().get(request)


class KennistoetsInzichtView(InsightView):
    view_name = "kennistoets"
    problem_statuses = (404,)

    @_documented(
        "Kennistoets per afdeling en onderwerp",
        "Per afdeling en onderwerp het deel goede antwoorden in de metingen die tellen.",
        [WINDOW],
    )
    def get(self, request):
        return super().get(request)


class TrendView(InsightView):
    view_name = "trend"
    problem_statuses = (404,)

    @_documented(
        "Kennistoets door de meetvensters heen",
        "Per meetvenster en onderwerp het deel goede antwoorden van de hele organisatie.",
        [TEST],
    )
    def get(self, request):
        return super().get(request)


class SimulatieInzichtView(InsightView):
    view_name = "simulaties"

    @_documented(
        "Simulaties per afdeling",
        "Per afdeling de gemiddelde score per dimensie over afgeronde simulaties.",
    )
    def get(self, request):
        return super().get(request)


class InzichtExportView(APIView):
    permission_classes = [has_role(Role.INSIGHTS_VIEWER)]
    problem_statuses = (404,)

    @extend_schema(
        summary="Een inzicht als CSV",
        description=f"Dezelfde tabel als de JSON-weergave, met dezelfde onderdrukking, als "
        f"CSV (puntkomma's, UTF-8). {SUPPRESSION}",
        parameters=[
            OpenApiParameter(
                "weergave", {"type": "string", "enum": list(insights.VIEWS)}, required=True
            ),
            WEEKS,
            WINDOW,
            TEST,
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="De tabel als CSV.")
        },
        tags=["inzichten"],
        operation_id="inzichten_export_retrieve",
    )
    def get(self, request):
        view = query_choice(
            request,
            "weergave",
            insights.VIEWS,
            _("Choose deelname, kennistoets, trend or simulaties."),
        )
        table = insight_table(request, view)
        if table is None:
            raise exceptions.NotFound(_("There are no measurements yet."))
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inzicht-{view}.csv"'
        return response
