"""Devices for push, nudge preferences, and the inbox of notifications."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mobile_api.models import ApiToken
from mobile_api.permissions import current_employee
from mobile_api.push import devices, inbox
from mobile_api.push.kinds import API_VALUE, KIND_OF_API_VALUE
from mobile_api.push.preferences import (
    UNSET,
    organisation_defaults,
    preferences_for,
    preferences_update,
)
from mobile_api.serializers.notificaties import (
    ApparaatInvoerSerializer,
    ApparaatSerializer,
    NotificatieSerializer,
    NotificatievoorkeurenInvoerSerializer,
    NotificatievoorkeurenSerializer,
)

TAG = ["notificaties"]


@extend_schema(tags=TAG)
class ApparatenView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = ApparaatSerializer
    pagination_class = None

    def get_queryset(self):
        return devices.active_devices_of(current_employee(self.request))

    @extend_schema(
        summary="Mijn toestellen",
        description="De toestellen die jouw notificaties krijgen.",
        operation_id="apparaten_list",
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Een toestel aanmelden voor notificaties",
        description="Registreert het FCM-doel van dit toestel. Nog een keer hetzelfde doel geeft "
        "200 en ververst het; een doel dat bij een andere medewerker hoorde (een gedeelde "
        "telefoon) gaat over naar jou. Afmelden (DELETE /tokens/{uuid}) zet de notificaties op dat "
        "toestel uit.",
        request=ApparaatInvoerSerializer,
        responses={201: ApparaatSerializer, 200: ApparaatSerializer},
        operation_id="apparaten_create",
    )
    def post(self, request):
        serializer = ApparaatInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        device, new = devices.device_register(
            employee=current_employee(request),
            target=data["doel"],
            target_kind=data["doelSoort"],
            platform=data["platform"],
            app_version=data["appVersie"],
            api_token=request.auth if isinstance(request.auth, ApiToken) else None,
            now=timezone.now(),
        )
        return Response(
            ApparaatSerializer(device).data,
            status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
        )


@extend_schema(tags=TAG)
class ApparaatView(APIView):
    @extend_schema(
        summary="Een toestel afmelden voor notificaties",
        description="Het toestel krijgt geen notificaties meer.",
        responses={204: None},
        operation_id="apparaten_destroy",
    )
    def delete(self, request, uuid):
        device = devices.active_devices_of(current_employee(request)).filter(uuid=uuid).first()
        if device is None:
            raise exceptions.NotFound()
        devices.device_remove(device=device, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _preferences_data(employee):
    effective = preferences_for(employee)
    defaults = organisation_defaults(employee.organisation)

    def quiet(start, end):
        return {"van": start, "tot": end} if start != end else None

    return NotificatievoorkeurenSerializer(
        {
            "dagelijksTijdstip": effective.daily_time,
            "stilleUren": quiet(effective.quiet.start, effective.quiet.end)
            if effective.quiet
            else None,
            "tijdzone": effective.time_zone,
            "uitgeschakeldeSoorten": sorted(
                API_VALUE[kind] for kind in effective.muted_kinds if kind in API_VALUE
            ),
            "standaard": {
                "dagelijksTijdstip": defaults.daily_time,
                "stilleUren": quiet(defaults.quiet_start, defaults.quiet_end),
            },
        }
    ).data


@extend_schema(tags=TAG)
class NotificatievoorkeurenView(APIView):
    @extend_schema(
        summary="Mijn notificatievoorkeuren",
        description="Wanneer en welke notificaties je krijgt, in je eigen tijdzone, met de "
        "standaard van je organisatie.",
        responses=NotificatievoorkeurenSerializer,
        operation_id="mij_notificatievoorkeuren_retrieve",
    )
    def get(self, request):
        return Response(_preferences_data(current_employee(request)))

    @extend_schema(
        summary="Notificatievoorkeuren wijzigen",
        description="Alleen wat je meestuurt verandert.",
        request=NotificatievoorkeurenInvoerSerializer,
        responses=NotificatievoorkeurenSerializer,
        operation_id="mij_notificatievoorkeuren_partial_update",
    )
    def patch(self, request):
        serializer = NotificatievoorkeurenInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        quiet_hours = UNSET
        if data.get("standaardStilleUren"):
            quiet_hours = None
        elif "stilleUren" in data:
            quiet_hours = (
                (data["stilleUren"]["van"], data["stilleUren"]["tot"])
                if data["stilleUren"]
                else False
            )
        employee = current_employee(request)
        preferences_update(
            employee=employee,
            daily_time=data.get("dagelijksTijdstip", UNSET),
            quiet_hours=quiet_hours,
            time_zone=data.get("tijdzone", UNSET),
            muted_kinds=[KIND_OF_API_VALUE[value] for value in data["uitgeschakeldeSoorten"]]
            if "uitgeschakeldeSoorten" in data
            else UNSET,
        )
        return Response(_preferences_data(employee))


@extend_schema(tags=TAG)
class NotificatiesView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = NotificatieSerializer

    def get_queryset(self):
        return inbox.inbox(employee=current_employee(self.request), now=timezone.now())

    @extend_schema(
        summary="Mijn notificaties",
        description="Wat je de afgelopen 90 dagen kreeg, nieuwste eerst, ook als de push "
        "je toestel niet bereikte.",
        operation_id="mij_notificaties_list",
    )
    def get(self, request):
        return self.list(request)


@extend_schema(tags=TAG)
class NotificatieGeopendView(APIView):
    @extend_schema(
        summary="Een notificatie is geopend",
        description="De app meldt dat je de notificatie opende (uit de push of de lijst). Het "
        "eerste moment telt; nog een keer verandert niets. Herinneringen die je steeds laat "
        "liggen, komen minder vaak.",
        request=None,
        responses=NotificatieSerializer,
        operation_id="mij_notificaties_geopend_create",
    )
    def post(self, request, uuid):
        notification = inbox.notification_open(
            employee=current_employee(request), notification_uuid=uuid, now=timezone.now()
        )
        if notification is None:
            raise exceptions.NotFound()
        return Response(NotificatieSerializer(notification).data)
