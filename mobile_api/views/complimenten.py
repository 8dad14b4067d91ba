"""Compliment campaigns: sending, receiving, thanking, moderating, handing out, and the
organisers' progress, print files and statistics."""

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.organisations.models import Location
from backend.organisations.roles import Role
from campaigns.compliments import campaign_reports, card_documents, selectors, services
from mobile_api.fields import UUID_PATTERN, query_choice
from mobile_api.permissions import current_employee, has_role
from mobile_api.serializers.complimenten import (
    BedankjeInvoerSerializer,
    BeoordelingInvoerSerializer,
    CampagneSerializer,
    ComplimentInvoerSerializer,
    ComplimentSerializer,
    KaartlinkSerializer,
    UitreikingInvoerSerializer,
    VoortgangSerializer,
)
from mobile_api.serializers.inzichten import InzichtTabelSerializer
from mobile_api.signed_links import LinkInvalid, signed_link, signed_link_open

TAG = ["complimenten"]
PNG_RESPONSE = {
    (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="De kaart als PNG.")
}


def _campaign_context(request):
    return {"today_of": lambda campaign: campaign.organisation.local_date(timezone.now())}


def _compliment_data(request, compliment):
    return ComplimentSerializer(compliment, context={"viewer": current_employee(request)}).data


def _visible_compliment(request, uuid):
    compliment = selectors.compliment_visible_to(
        employee=current_employee(request), compliment_uuid=uuid, now=timezone.now()
    )
    if compliment is None:
        raise exceptions.NotFound()
    return compliment


def _fresh(request, compliment):
    """The compliment again, with everything the answer shows."""
    return _visible_compliment(request, compliment.uuid)


@extend_schema(tags=TAG)
class CampagneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CampagneSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self):
        return selectors.campaign_list(employee=current_employee(self.request))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_campaign_context(self.request)}

    @extend_schema(
        summary="Complimentcampagnes",
        description="De campagnes van de eigen organisatie, nieuwste eerst, met de waarden en "
        "cadeaus om uit te kiezen en hoeveel je nog kunt versturen.",
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(
        summary="Een complimentcampagne",
        description="Een campagne van de eigen organisatie met haar waarden, cadeaus, fase "
        "en hoeveel je nog kunt versturen.",
    )
    def retrieve(self, request, uuid=None):
        return super().retrieve(request, uuid=uuid)


@extend_schema(tags=TAG)
class ComplimentenView(APIView):
    problem_statuses = (409,)

    @extend_schema(
        summary="Een compliment versturen",
        description=(
            "Aan een collega van de eigen organisatie (zoek collega's met `/medewerkers?zoek=`), "
            "voor een of meer waarden van de campagne, met een reden en een cadeau. Met "
            "`anoniem` ziet de ontvanger niet van wie het komt. De ontvanger ziet het pas "
            "vanaf de bezorgdatum (en na goedkeuring als de campagne modereert). Fouten: 400 "
            "`self_compliment`, `recipient_not_found`, `campaign_not_open_yet`, "
            "`campaign_closed`, `sender_limit_reached`, `unsupported_characters` (tekens die "
            "de kaart niet kan tonen). Dezelfde uuid opnieuw geeft 200 met hetzelfde "
            "compliment; dezelfde uuid met andere inhoud 409 `uuid_in_use`."
        ),
        request=ComplimentInvoerSerializer,
        responses={201: ComplimentSerializer, 200: ComplimentSerializer},
        operation_id="complimenten_create",
    )
    def post(self, request):
        serializer = ComplimentInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        compliment, created = services.compliment_send(
            sender=current_employee(request),
            compliment_uuid=data["uuid"],
            campaign_uuid=data["campagne"],
            recipient_uuid=data["ontvanger"],
            value_uuids=data["waarden"],
            reason=data["reden"],
            gift_uuid=data.get("cadeau"),
            is_anonymous=data["anoniem"],
        )
        return Response(
            _compliment_data(request, _fresh(request, compliment)),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(tags=TAG)
class ComplimentView(APIView):
    @extend_schema(
        summary="Een compliment",
        description="Voor de afzender, de ontvanger (vanaf de bezorgdatum), de organisatoren "
        "en de vrijwilligers van de vestiging; voor ieder ander 404.",
        responses=ComplimentSerializer,
        operation_id="complimenten_retrieve",
    )
    def get(self, request, uuid):
        return Response(_compliment_data(request, _visible_compliment(request, uuid)))


class OwnComplimentsView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = ComplimentSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "viewer": current_employee(self.request)}


@extend_schema(tags=TAG)
class VerstuurdeComplimentenView(OwnComplimentsView):
    def get_queryset(self):
        return selectors.compliments_sent(employee=current_employee(self.request))

    @extend_schema(
        summary="Verstuurde complimenten",
        description="Wat je zelf verstuurde, nieuwste eerst, met de status en bij afwijzing "
        "de reden.",
        operation_id="mij_complimenten_verstuurd_list",
    )
    def get(self, request):
        return self.list(request)


@extend_schema(tags=TAG)
class OntvangenComplimentenView(OwnComplimentsView):
    def get_queryset(self):
        return selectors.compliments_received(
            employee=current_employee(self.request), now=timezone.now()
        )

    @extend_schema(
        summary="Ontvangen complimenten",
        description="Goedgekeurde complimenten vanaf de bezorgdatum van hun campagne; eerder "
        "staat er niets, ook niet in het aantal.",
        operation_id="mij_complimenten_ontvangen_list",
    )
    def get(self, request):
        return self.list(request)


@extend_schema(tags=TAG)
class BedankjeView(APIView):
    @extend_schema(
        summary="Bedanken",
        description="De ontvanger bedankt, één keer (de afzender ziet het bedankje). Nog een "
        "keer geeft 200 en verandert niets.",
        request=BedankjeInvoerSerializer,
        responses={201: ComplimentSerializer, 200: ComplimentSerializer},
        operation_id="complimenten_bedankje_create",
    )
    def post(self, request, uuid):
        serializer = BedankjeInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        compliment, created = services.compliment_thank(
            recipient=current_employee(request),
            compliment_uuid=uuid,
            message=serializer.validated_data["bericht"],
        )
        return Response(
            _compliment_data(request, _fresh(request, compliment)),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(tags=TAG)
class BeoordelingView(APIView):
    permission_classes = [has_role(Role.CAMPAIGN_ORGANISER)]
    problem_statuses = (409,)

    @extend_schema(
        summary="Een compliment beoordelen",
        description="Voor organisatoren: goedkeuren, of afwijzen met een reden die de "
        "afzender ziet (400 `reason_required` zonder reden). Al beoordeeld: 409 "
        "`already_moderated`.",
        request=BeoordelingInvoerSerializer,
        responses=ComplimentSerializer,
        operation_id="complimenten_beoordeling_create",
    )
    def post(self, request, uuid):
        _visible_compliment(request, uuid)  # an unknown id is a 404, whatever the body says
        serializer = BeoordelingInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        compliment = services.compliment_moderate(
            moderator=current_employee(request),
            compliment_uuid=uuid,
            approve=data["besluit"] == "goedkeuren",
            reason=data["reden"],
        )
        return Response(_compliment_data(request, _fresh(request, compliment)))


@extend_schema(tags=TAG)
class UitreikingView(APIView):
    @extend_schema(
        summary="Uitgereikt",
        description="Een vrijwilliger van de vestiging (of een organisator) meldt dat kaartje "
        "en cadeau zijn uitgereikt, vanaf de bezorgdatum (anders 400 "
        "`before_delivery_date`). Nog een keer geeft 200 en houdt de eerste melding.",
        request=UitreikingInvoerSerializer,
        responses={201: ComplimentSerializer, 200: ComplimentSerializer},
        operation_id="complimenten_uitreiking_create",
    )
    def post(self, request, uuid):
        serializer = UitreikingInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        compliment, created = services.compliment_hand_out(
            volunteer=current_employee(request),
            compliment_uuid=uuid,
            handed_out_at=serializer.validated_data.get("uitgereiktOp"),
        )
        return Response(
            _compliment_data(request, _fresh(request, compliment)),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="Uitreiking terugdraaien",
        description="Een vergissing herstellen: door wie het meldde, of een organisator.",
        responses={204: None},
        operation_id="complimenten_uitreiking_destroy",
    )
    def delete(self, request, uuid):
        services.compliment_hand_out_undo(volunteer=current_employee(request), compliment_uuid=uuid)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _card_response(compliment):
    response = HttpResponse(
        card_documents.compliment_card_png(compliment), content_type="image/png"
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="kaart-{compliment.card_number}.png"'
    return response


@extend_schema(tags=TAG)
class KaartView(APIView):
    @extend_schema(
        summary="De kaart",
        description="De persoonlijke kaart als PNG, voor wie het compliment mag zien.",
        responses=PNG_RESPONSE,
        operation_id="complimenten_kaart_retrieve",
    )
    def get(self, request, uuid):
        return _card_response(_visible_compliment(request, uuid))


@extend_schema(tags=TAG)
class KaartlinkView(APIView):
    @extend_schema(
        summary="Een kortlevende link naar de kaart",
        description="Voor een afbeelding in de app of om te delen: de link werkt zonder "
        "aanmelding, een paar minuten, en alleen zolang jij de kaart mag zien.",
        responses=KaartlinkSerializer,
        operation_id="complimenten_kaartlink_retrieve",
    )
    def get(self, request, uuid):
        compliment = _visible_compliment(request, uuid)
        url, expires = signed_link(
            request, kind="kaart", subject=compliment.uuid, employee=current_employee(request)
        )
        return Response(KaartlinkSerializer({"url": url, "verlooptOp": expires}).data)


@extend_schema(tags=TAG)
class BestandView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Een bestand via een kortlevende link",
        description="Opent een link van `/complimenten/{uuid}/kaartlink`. Verlopen: 404 "
        "`link_expired`; ongeldig: 404 `link_invalid`.",
        responses=PNG_RESPONSE,
        operation_id="bestanden_retrieve",
    )
    def get(self, request, token):
        try:
            content = signed_link_open(token)
        except LinkInvalid as exc:
            raise exceptions.NotFound(code=exc.code) from exc
        if content.get("k") != "kaart":
            raise exceptions.NotFound(code="link_invalid")
        compliment = selectors.compliment_for_link(
            employee_uuid=content["e"], compliment_uuid=content["s"], now=timezone.now()
        )
        if compliment is None:
            raise exceptions.NotFound(code="link_invalid")
        return _card_response(compliment)


def _campaign(request, uuid):
    campaign = selectors.campaign_get(employee=current_employee(request), campaign_uuid=uuid)
    if campaign is None:
        raise exceptions.NotFound()
    return campaign


@extend_schema(tags=TAG)
class UitdelingenView(OwnComplimentsView):
    def get_queryset(self):
        campaign = _campaign(self.request, self.kwargs["uuid"])
        return selectors.handouts_for(
            volunteer=current_employee(self.request), campaign=campaign, now=timezone.now()
        )

    @extend_schema(
        summary="Uit te reiken kaartjes",
        description="Voor vrijwilligers: de goedgekeurde complimenten van de vestigingen waar "
        "jij uitreikt, per vestiging op kaartnummer. De afzender staat er niet bij als die "
        "anoniem is.",
        operation_id="complimentcampagnes_uitdelingen_list",
    )
    def get(self, request, uuid):
        return self.list(request)


@extend_schema(tags=TAG)
class VoortgangView(APIView):
    permission_classes = [has_role(Role.CAMPAIGN_ORGANISER)]

    @extend_schema(
        summary="Voortgang van het uitreiken",
        description="Voor organisatoren: per vestiging de kaarten, hoeveel er zijn "
        "uitgereikt, de vrijwilligers en de cadeaus; en het totaal per cadeau.",
        responses=VoortgangSerializer,
        operation_id="complimentcampagnes_voortgang_retrieve",
    )
    def get(self, request, uuid):
        campaign = _campaign(request, uuid)
        progress = campaign_reports.location_progress(campaign)
        totals = campaign_reports.gift_totals(progress)
        return Response(
            VoortgangSerializer(
                {
                    "vestigingen": progress,
                    "cadeaus": [{"cadeau": g, "aantal": n} for g, n in totals.items()],
                }
            ).data
        )


FORMAT = OpenApiParameter(
    "formaat",
    {"type": "string", "enum": ["pdf", "csv"], "default": "pdf"},
    description="`pdf` (standaard) of `csv` (puntkomma's, UTF-8).",
)


class LocationDocumentView(APIView):
    """Print files of one location: for the organisers and that location's volunteers."""

    def document(self, request, uuid, location_uuid, name):
        campaign = _campaign(request, uuid)
        location = Location.objects.filter(
            organisation_id=campaign.organisation_id, uuid=location_uuid
        ).first()
        employee = current_employee(request)
        if location is None or not selectors.may_get_location_documents(
            employee=employee, campaign=campaign, location=location
        ):
            raise exceptions.NotFound()
        built = card_documents.location_document(campaign, location, name)
        response = FileResponse(
            built.file, content_type=built.content_type, as_attachment=True, filename=built.filename
        )
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema(tags=TAG)
class DrukwerkView(LocationDocumentView):
    @extend_schema(
        summary="Kaarten om te drukken",
        description="Alle goedgekeurde kaarten van de vestiging als PDF om te drukken: vier "
        "per A4 (liggend) met snijtekens, tekst als vectoren.",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF.")
        },
        operation_id="complimentcampagnes_vestigingen_kaarten_retrieve",
    )
    def get(self, request, uuid, vestiging):
        return self.document(request, uuid, vestiging, "kaarten.pdf")


@extend_schema(tags=TAG)
class UitdeellijstView(LocationDocumentView):
    @extend_schema(
        summary="Uitdeellijst",
        description="Per kaartnummer de ontvanger, afdeling en het cadeau, met een vakje om af "
        "te vinken en het totaal per cadeau; als PDF of CSV.",
        parameters=[FORMAT],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF."),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV."),
        },
        operation_id="complimentcampagnes_vestigingen_uitdeellijst_retrieve",
    )
    def get(self, request, uuid, vestiging):
        wanted = query_choice(
            request, "formaat", ("pdf", "csv"), _("Choose pdf or csv."), default="pdf"
        )
        return self.document(request, uuid, vestiging, f"uitdeellijst.{wanted}")


@extend_schema(tags=TAG)
class StatistiekenView(APIView):
    permission_classes = [has_role(Role.CAMPAIGN_ORGANISER, Role.INSIGHTS_VIEWER)]

    @extend_schema(
        summary="Statistieken van een campagne",
        description="Voor organisatoren en wie inzichten bekijkt: goedgekeurde complimenten "
        "per waarde, afdeling of vestiging, en de deelname per afdeling. Alleen groepen, "
        "nooit personen of een ranglijst; kleine groepen onderdrukt zoals in de inzichten.",
        parameters=[
            OpenApiParameter(
                "weergave",
                {"type": "string", "enum": list(campaign_reports.STATISTICS_VIEWS)},
                required=True,
            )
        ],
        responses=InzichtTabelSerializer,
        operation_id="complimentcampagnes_statistieken_retrieve",
    )
    def get(self, request, uuid):
        campaign = _campaign(request, uuid)
        view = query_choice(
            request,
            "weergave",
            campaign_reports.STATISTICS_VIEWS,
            _("Choose waarden, afdelingen, vestigingen or deelname."),
        )
        table = campaign_reports.campaign_statistics(campaign, view)
        return Response(InzichtTabelSerializer(table).data)
