"""Devices, nudge preferences and the inbox."""

import zoneinfo

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mobile_api.fields import LocalTimeField, StrictCharField, UTCDateTimeField
from mobile_api.push.devices import MAX_TARGET_LENGTH
from mobile_api.push.kinds import API_VALUE, KIND_OF_API_VALUE
from mobile_api.push.models import Device

KIND_CHOICES = sorted(KIND_OF_API_VALUE)


class ApparaatInvoerSerializer(serializers.Serializer):
    doel = StrictCharField(
        max_length=MAX_TARGET_LENGTH,
        trim_whitespace=False,
        # FCM tokens and installation ids: base64url with ":" and ".", nothing else.
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_:.-]+$", _("A push target has no spaces and is not empty.")
            )
        ],
        help_text="Het FCM-registratietoken of de Firebase-installatie-id van het toestel.",
    )
    doelSoort = serializers.ChoiceField(
        choices=Device.TargetKind.values,
        default=Device.TargetKind.TOKEN,
        help_text="`token` voor een registratietoken, `fid` voor een installatie-id.",
    )
    platform = serializers.ChoiceField(choices=Device.Platform.values)
    appVersie = StrictCharField(max_length=40, required=False, allow_blank=True, default="")


class ApparaatSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    platform = serializers.CharField()
    doelSoort = serializers.CharField(source="target_kind")
    appVersie = serializers.CharField(source="app_version")
    laatstGezien = UTCDateTimeField(source="last_seen_at")


class StilleUrenSerializer(serializers.Serializer):
    van = LocalTimeField(help_text="Begin, lokale tijd (UU:MM).")
    tot = LocalTimeField(help_text="Einde, lokale tijd (UU:MM).")

    def validate(self, attrs):
        if attrs["van"] == attrs["tot"]:
            raise serializers.ValidationError(
                _("Quiet hours must end at another time than they start.")
            )
        return attrs


class StandaardVoorkeurenSerializer(serializers.Serializer):
    dagelijksTijdstip = LocalTimeField()
    stilleUren = StilleUrenSerializer(allow_null=True)


class NotificatievoorkeurenSerializer(serializers.Serializer):
    dagelijksTijdstip = LocalTimeField(
        help_text="Wanneer de dagelijkse les gemeld wordt (lokale tijd)."
    )
    stilleUren = StilleUrenSerializer(
        allow_null=True, help_text="Geen notificaties in deze uren; null: geen stille uren."
    )
    tijdzone = serializers.CharField()
    uitgeschakeldeSoorten = serializers.ListField(
        child=serializers.ChoiceField(choices=KIND_CHOICES)
    )
    standaard = StandaardVoorkeurenSerializer(help_text="Wat de organisatie instelde.")


class NotificatievoorkeurenInvoerSerializer(serializers.Serializer):
    dagelijksTijdstip = LocalTimeField(
        required=False,
        allow_null=True,
        help_text="UU:MM in je eigen tijdzone; null: de standaard van je organisatie.",
    )
    stilleUren = StilleUrenSerializer(
        required=False, allow_null=True, help_text="Je eigen stille uren; null: geen."
    )
    standaardStilleUren = serializers.BooleanField(
        required=False, help_text="true: de stille uren van je organisatie (weer) gebruiken."
    )
    tijdzone = StrictCharField(required=False, max_length=64, help_text="Een IANA-tijdzone.")
    uitgeschakeldeSoorten = serializers.ListField(
        child=serializers.ChoiceField(choices=KIND_CHOICES),
        required=False,
        max_length=len(KIND_CHOICES),
        help_text="De soorten notificaties die je niet wilt krijgen.",
    )

    def validate_tijdzone(self, value):
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(_("Unknown time zone: %(value)s.") % {"value": value})
        return value

    def validate(self, attrs):
        if attrs.get("standaardStilleUren") and "stilleUren" in attrs:
            raise serializers.ValidationError(
                {"standaardStilleUren": _("Give either your own quiet hours or the default.")}
            )
        if not attrs:
            raise serializers.ValidationError(_("Nothing to change."))
        return attrs


class SoortField(serializers.ChoiceField):
    """A push kind: stored in English, shown in Dutch."""

    def __init__(self, **kwargs):
        super().__init__(choices=KIND_CHOICES, **kwargs)

    def to_representation(self, value):
        return API_VALUE[value]


class NotificatieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    soort = SoortField(source="kind")
    titel = serializers.CharField(source="title")
    tekst = serializers.CharField(source="body")
    link = serializers.CharField(help_text="Het scherm van de app dat de notificatie opent.")
    ontvangenOp = UTCDateTimeField(source="inbox_at")
    geopendOp = UTCDateTimeField(source="opened_at", allow_null=True)
