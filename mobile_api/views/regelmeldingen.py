"""The ontregel button: reporting rules that stand in the way, following reports, and the
coaches' steps and weekly triage sessions."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, mixins, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.organisations.roles import Role
from campaigns.rule_reports import selectors, services, triage
from campaigns.rule_reports.attachments import MAX_PDF_BYTES, attachment_add
from campaigns.rule_reports.models import TriageSession
from campaigns.rule_reports.statistics import STATISTICS_VIEWS, programme_statistics
from campaigns.rule_reports.workflow import Action, State
from mobile_api.fields import query_choice, query_text
from mobile_api.permissions import current_employee, has_role
from mobile_api.problems import upload_too_large
from mobile_api.serializers.inzichten import InzichtTabelSerializer
from mobile_api.serializers.regelmeldingen import (
    IngediendeMeldingSerializer,
    MeldingCoachSerializer,
    MeldingPubliekSerializer,
    MeldingSerializer,
    RegelmeldingInvoerSerializer,
    StapInvoerSerializer,
    SuggestieSerializer,
    VolgcodeInvoerSerializer,
    follow_code_field,
)

TAG = ["regelmeldingen"]
IsCoach = has_role(Role.RULE_COACH)


def _report_data(request, report, view):
    serializer = MeldingCoachSerializer if view == "coach" else MeldingPubliekSerializer
    return serializer(report).data


def _visible(request, uuid):
    report, view = selectors.report_for(employee=current_employee(request), report_uuid=uuid)
    if report is None:
        raise exceptions.NotFound()
    return report, view


@extend_schema(tags=TAG)
class RegelmeldingenView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = MeldingCoachSerializer

    def get_permissions(self):
        if self.request is not None and self.request.method == "GET":
            return [IsCoach()]
        return super().get_permissions()

    def get_queryset(self):
        state = query_choice(
            self.request,
            "status",
            [s.value for s in State],
            _("Unknown state."),
            required=False,
        )
        overdue = (
            query_choice(
                self.request,
                "teLaat",
                ["true", "false"],
                _("Give true or false."),
                required=False,
                default="false",
            )
            == "true"
        )
        employee = current_employee(self.request)
        return selectors.reports_for_coach(
            coach=employee,
            state=state,
            overdue_on=employee.organisation.local_date(timezone.now()) if overdue else None,
        )

    @extend_schema(
        summary="Alle regelmeldingen (ontregelcoaches)",
        description="Nieuwste eerst, met interne stappen; `teLaat=true` geeft de meldingen "
        "waarvan een termijn (triage, deadline of volgende update) verstreken is.",
        parameters=[
            OpenApiParameter("status", {"type": "string", "enum": [s.value for s in State]}),
            OpenApiParameter("teLaat", {"type": "boolean"}),
        ],
        operation_id="regelmeldingen_list",
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Een regel melden",
        description="De rode knop. Bij `anoniem` wordt niets bewaard dat naar jou leidt en krijg "
        "je één keer een `volgcode`.",
        request=RegelmeldingInvoerSerializer,
        responses={201: IngediendeMeldingSerializer},
        operation_id="regelmeldingen_create",
    )
    def post(self, request):
        serializer = RegelmeldingInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report, code = services.report_submit(
            reporter=current_employee(request),
            rule=data["regel"],
            where_met=data["waarTegengekomen"],
            impact=data["gevolg"],
            better=data["beter"],
            origin=data["herkomst"],
            privacy=data["privacy"],
            department_uuid=data.get("afdeling"),
        )
        fresh = selectors.with_details(type(report).objects.filter(pk=report.pk)).get()
        return Response(
            {"melding": MeldingPubliekSerializer(fresh).data, "volgcode": code},
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=TAG)
class SuggestiesView(APIView):
    @extend_schema(
        summary="Lijkt je melding op een open melding?",
        description="Vóór het indienen: open meldingen van je organisatie die erop lijken, zodat "
        "je er een kunt steunen en volgen in plaats van hem dubbel te melden.",
        parameters=[
            OpenApiParameter(
                "tekst",
                {"type": "string", "maxLength": 500},
                description="Wat je wilt melden; zonder tekst zijn er geen suggesties.",
            )
        ],
        responses=SuggestieSerializer(many=True),
        operation_id="regelmeldingen_suggesties_list",
    )
    def get(self, request):
        text = query_text(request, "tekst", max_length=500)
        reports = selectors.similar_open_reports(employee=current_employee(request), text=text)
        return Response(SuggestieSerializer(reports, many=True).data)


@extend_schema(tags=TAG)
class MijnRegelmeldingenView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = MeldingPubliekSerializer

    def get_queryset(self):
        return selectors.my_reports(employee=current_employee(self.request))

    @extend_schema(
        summary="Mijn regelmeldingen",
        description="Je eigen meldingen (met naam of vertrouwelijk) en die je volgt, met "
        "publieke status en berichten.",
        operation_id="mij_regelmeldingen_list",
    )
    def get(self, request):
        return self.list(request)


@extend_schema(tags=TAG)
class AnoniemeMeldingView(APIView):
    problem_statuses = (404,)

    @extend_schema(
        summary="Een anonieme melding volgen",
        description="Met de volgcode die je bij het indienen kreeg; een onbekende code geeft 404.",
        request=VolgcodeInvoerSerializer,
        responses=MeldingPubliekSerializer,
        operation_id="regelmeldingen_anoniem_create",
    )
    def post(self, request):
        serializer = VolgcodeInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = selectors.report_by_code(
            employee=current_employee(request), code=serializer.validated_data["volgcode"]
        )
        if report is None:
            raise exceptions.NotFound()
        return Response(MeldingPubliekSerializer(report).data)


@extend_schema(tags=TAG)
class RegelmeldingView(APIView):
    @extend_schema(
        summary="Een regelmelding",
        description="Coaches zien alles; melder, eigenaar en volgers de publieke weergave.",
        responses=MeldingSerializer,
        operation_id="regelmeldingen_retrieve",
    )
    def get(self, request, uuid):
        report, view = _visible(request, uuid)
        return Response(_report_data(request, report, view))


@extend_schema(tags=TAG)
class VolgenView(APIView):
    @extend_schema(
        summary="Een melding steunen en volgen",
        description="Je hoort voortaan de publieke updates van deze melding.",
        request=None,
        responses=MeldingPubliekSerializer,
        operation_id="regelmeldingen_volgers_create",
    )
    def post(self, request, uuid):
        report = services.report_follow(employee=current_employee(request), report_uuid=uuid)
        fresh = selectors.with_details(type(report).objects.filter(pk=report.pk)).get()
        return Response(MeldingPubliekSerializer(fresh).data)


@extend_schema(tags=TAG)
class StappenView(APIView):
    problem_statuses = (409,)

    @extend_schema(
        summary="Een stap zetten",
        description=(
            "Elke statuswijziging gaat hierlangs, volgens één overgangstabel. Een stap die de "
            "melder ziet vraagt een `publiekBericht`. Een overgang die niet bestaat: 400 "
            "`transition_not_allowed`; niet voor jou: 403 `not_your_step`; intussen gewijzigd "
            "(`verwachteStatus`) of tegelijk door een ander: 409. Een anonieme melder stuurt "
            "zijn `volgcode` mee."
        ),
        request=StapInvoerSerializer,
        responses=MeldingSerializer,
        operation_id="regelmeldingen_stappen_create",
    )
    def post(self, request, uuid):
        if not selectors.report_exists(employee=current_employee(request), report_uuid=uuid):
            raise exceptions.NotFound()  # whatever the body says
        serializer = StapInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        employee = current_employee(request)
        services.report_transition(
            organisation_id=employee.organisation_id,
            report_uuid=uuid,
            action=Action(data["actie"]),
            employee=employee,
            follow_code=data["volgcode"] or None,
            expected_state=State(data["verwachteStatus"]) if data.get("verwachteStatus") else None,
            **step_arguments(data),
        )
        report, view = selectors.report_for(employee=employee, report_uuid=uuid)
        if report is None:  # an anonymous reporter: the public view through the code
            report, view = selectors.report_by_code(employee=employee, code=data["volgcode"]), ""
        return Response(_report_data(request, report, view))


def step_arguments(data) -> dict:
    return {
        "public_message": data["publiekBericht"],
        "internal_note": data["interneNotitie"],
        "resolution": data.get("afhandeling", ""),
        "owner_department_uuid": data.get("eigenaarAfdeling"),
        "owner_uuid": data.get("eigenaar"),
        "due_on": data.get("deadline"),
        "duplicate_of_uuid": data.get("dubbelVan"),
        "recipient_body": data["ontvanger"],
        "summary": data["samenvatting"],
        "justification": data["onderbouwing"],
    }


class TriagesessieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    datum = serializers.DateField(source="held_on")
    status = serializers.CharField()
    agenda = serializers.SerializerMethodField()

    def get_agenda(self, session) -> list[dict]:
        decisions = {d.report_id: d for d in session.decisions.all()}
        return [
            {
                "melding": str(report.uuid),
                "nummer": report.number,
                "regel": report.rule,
                "uitgesteld": report.defer_count,
                "besluit": decisions[report.pk].decision if report.pk in decisions else None,
            }
            for report in triage.session_agenda(session)
        ]


class TriagesessieInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField()


class BesluitInvoerSerializer(StapInvoerSerializer):
    actie = None
    melding = serializers.UUIDField()
    besluit = serializers.ChoiceField(
        choices=["toewijzen", "vraag_stellen", "doorzetten", "afsluiten", "uitstellen"]
    )
    reden = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema(tags=["triage"])
class TriagesessiesView(APIView):
    permission_classes = [IsCoach]
    problem_statuses = (409,)

    @extend_schema(
        summary="Een triagesessie openen",
        description="Eén open sessie tegelijk (anders 409 `session_open`); de agenda is elke "
        "melding die vóór de datum is ingediend en nog op triage wacht.",
        request=TriagesessieInvoerSerializer,
        responses={201: TriagesessieSerializer},
        operation_id="triagesessies_create",
    )
    def post(self, request):
        serializer = TriagesessieInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = triage.session_open(
            coach=current_employee(request), held_on=serializer.validated_data["datum"]
        )
        return Response(TriagesessieSerializer(session).data, status=status.HTTP_201_CREATED)


def _session(request, uuid):
    session = (
        TriageSession.objects.filter(
            organisation_id=current_employee(request).organisation_id, uuid=uuid
        )
        .prefetch_related("decisions")
        .first()
    )
    if session is None:
        raise exceptions.NotFound()
    return session


@extend_schema(tags=["triage"])
class TriagesessieView(APIView):
    permission_classes = [IsCoach]

    @extend_schema(
        summary="Een triagesessie met haar agenda",
        description="Elk agendapunt met het besluit dat de sessie erover nam (of nog niet).",
        responses=TriagesessieSerializer,
        operation_id="triagesessies_retrieve",
    )
    def get(self, request, uuid):
        return Response(TriagesessieSerializer(_session(request, uuid)).data)


@extend_schema(tags=["triage"])
class BesluitenView(APIView):
    permission_classes = [IsCoach]
    problem_statuses = (409,)

    @extend_schema(
        summary="Een besluit over een agendapunt",
        description="Toewijzen, vraag stellen, doorzetten of afsluiten (met wat die stap vraagt), "
        "of uitstellen met een reden; twee keer uitgesteld wordt gemarkeerd.",
        request=BesluitInvoerSerializer,
        responses={201: TriagesessieSerializer},
        operation_id="triagesessies_besluiten_create",
    )
    def post(self, request, uuid):
        _session(request, uuid)
        serializer = BesluitInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        triage.session_decide(
            coach=current_employee(request),
            session_uuid=uuid,
            report_uuid=data["melding"],
            decision=data["besluit"],
            reason=data["reden"],
            **step_arguments(data),
        )
        return Response(
            TriagesessieSerializer(_session(request, uuid)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["triage"])
class SluitingView(APIView):
    permission_classes = [IsCoach]
    problem_statuses = (409,)

    @extend_schema(
        summary="De triagesessie sluiten",
        description="Kan pas als elk agendapunt een besluit heeft (anders 409 `agenda_not_done`).",
        request=None,
        responses=TriagesessieSerializer,
        operation_id="triagesessies_sluiting_create",
    )
    def post(self, request, uuid):
        _session(request, uuid)
        session = triage.session_close(coach=current_employee(request), session_uuid=uuid)
        return Response(TriagesessieSerializer(_session(request, session.uuid)).data)


class BijlageInvoerSerializer(serializers.Serializer):
    bestand = serializers.FileField(
        help_text="Een foto (JPEG, PNG, WebP; metadata zoals EXIF wordt verwijderd) of een PDF, "
        "hoogstens 10 MB; hoogstens 5 per melding."
    )
    volgcode = follow_code_field(required=False, allow_blank=True, default="")


class BijlageSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    mediatype = serializers.CharField(source="media_type")
    grootte = serializers.IntegerField(source="size")


@extend_schema(tags=TAG)
class BijlagenView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Een bijlage toevoegen",
        description="Door de melder (bij anoniem met de volgcode) of een ontregelcoach. De "
        "bijlage is alleen te zien voor wie de melding mag zien, nooit via een publieke URL.",
        request={"multipart/form-data": BijlageInvoerSerializer},
        responses={201: BijlageSerializer},
        operation_id="regelmeldingen_bijlagen_create",
    )
    def post(self, request, uuid):
        employee = current_employee(request)
        if not selectors.report_exists(employee=employee, report_uuid=uuid):
            raise exceptions.NotFound()
        serializer = BijlageInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["bestand"]
        if upload.size > MAX_PDF_BYTES:
            raise upload_too_large("bestand", _("The file is larger than 10 MB."))
        attachment = attachment_add(
            employee=employee,
            report_uuid=uuid,
            data=upload.read(),
            follow_code=serializer.validated_data["volgcode"] or None,
        )
        return Response(BijlageSerializer(attachment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAG)
class BijlageView(APIView):
    @extend_schema(
        summary="Een bijlage",
        description="Voor coaches, de melder en de eigenaar van de melding.",
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
            for media_type, description in (
                ("image/jpeg", "Een foto."),
                ("image/webp", "Een foto met transparantie."),
                ("application/pdf", "Een PDF."),
            )
        },
        operation_id="regelmeldingen_bijlagen_retrieve",
    )
    def get(self, request, uuid, bijlage):
        report, view = _visible(request, uuid)
        if view not in ("coach", "reporter", "owner"):
            raise exceptions.NotFound()
        attachment = report.attachments.filter(uuid=bijlage).first()
        if attachment is None:
            raise exceptions.NotFound()
        response = HttpResponse(bytes(attachment.content), content_type=attachment.media_type)
        response["Cache-Control"] = "private, no-store"
        response["Content-Disposition"] = "attachment"
        return response


@extend_schema(tags=TAG)
class StatistiekenView(APIView):
    permission_classes = [has_role(Role.RULE_COACH, Role.INSIGHTS_VIEWER)]

    @extend_schema(
        summary="Statistieken van de ontregelknop",
        description="Voor coaches en wie inzichten bekijkt: meldingen per uitkomst en herkomst "
        "van de regel, en doorlooptijden (mediaan in dagen tot triage en tot afronden) met het "
        "aantal landelijk doorgezette. Nooit per melder; kleine groepen onderdrukt.",
        parameters=[
            OpenApiParameter(
                "weergave", {"type": "string", "enum": list(STATISTICS_VIEWS)}, required=True
            )
        ],
        responses=InzichtTabelSerializer,
        operation_id="regelmeldingen_statistieken_retrieve",
    )
    def get(self, request):
        view = query_choice(
            request, "weergave", STATISTICS_VIEWS, _("Choose uitkomsten or doorlooptijden.")
        )
        table = programme_statistics(current_employee(request).organisation, view)
        return Response(InzichtTabelSerializer(table).data)
