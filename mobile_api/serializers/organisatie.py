from rest_framework import serializers


class OrganisatieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)
    tijdzone = serializers.CharField(source="time_zone", read_only=True)


class AfdelingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)


class VestigingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)
    adres = serializers.CharField(source="street_address", read_only=True)
    postcode = serializers.CharField(source="postal_code", read_only=True)
    plaats = serializers.CharField(source="city", read_only=True)


class VestigingKortSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)


class MedewerkerSerializer(serializers.Serializer):
    """Een collega zoals andere medewerkers die zien: naam en plek, niets meer."""

    uuid = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="full_name", read_only=True)
    voornaam = serializers.CharField(source="first_name", read_only=True)
    tussenvoegsel = serializers.CharField(source="name_prefix", read_only=True)
    achternaam = serializers.CharField(source="last_name", read_only=True)
    afdeling = AfdelingSerializer(source="department", read_only=True, allow_null=True)
    vestiging = VestigingKortSerializer(source="location", read_only=True, allow_null=True)
