from rest_framework import serializers

from backend.organisations.roles import Role
from mobile_api.fields import UTCDateTimeField
from mobile_api.serializers.organisatie import (
    AfdelingSerializer,
    MedewerkerSerializer,
    OrganisatieSerializer,
    VestigingKortSerializer,
)


class MijSerializer(MedewerkerSerializer):
    """De aangemelde medewerker, met organisatie, afdeling, vestiging en rollen."""

    gebruikersnaam = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(read_only=True)
    taal = serializers.CharField(source="locale", read_only=True)
    tijdzone = serializers.CharField(source="time_zone", read_only=True)
    organisatie = OrganisatieSerializer(source="organisation", read_only=True)
    afdeling = AfdelingSerializer(source="department", read_only=True, allow_null=True)
    vestiging = VestigingKortSerializer(source="location", read_only=True, allow_null=True)
    rollen = serializers.ListField(
        source="role_values", child=serializers.ChoiceField(choices=Role.choices), read_only=True
    )


class MijnGegevensSerializer(serializers.Serializer):
    """The export's outline (each part holds what that domain stores about you)."""

    geexporteerdOp = serializers.DateTimeField()
    medewerker = serializers.DictField()
    aanmeldingen = serializers.ListField(child=serializers.DictField())
    toestellen = serializers.ListField(child=serializers.DictField())
    notificatievoorkeuren = serializers.DictField(allow_null=True)
    notificaties = serializers.ListField(child=serializers.DictField())
    leren = serializers.DictField()
    complimenten = serializers.DictField()
    regelmeldingen = serializers.DictField()


class VerwijderverzoekSerializer(serializers.Serializer):
    aangevraagdOp = UTCDateTimeField(source="requested_at")
    uitgevoerdOp = UTCDateTimeField(source="carried_out_at", allow_null=True)
