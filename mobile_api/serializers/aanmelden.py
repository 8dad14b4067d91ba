from rest_framework import serializers

from mobile_api.fields import StrictCharField, UTCDateTimeField


class TokenAanvraagSerializer(serializers.Serializer):
    gebruikersnaam = StrictCharField(max_length=150)
    wachtwoord = StrictCharField(max_length=512, trim_whitespace=False, write_only=True)
    apparaatnaam = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Naam van het apparaat, zodat de medewerker zijn sessies herkent.",
    )


class TokenOverzichtSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    apparaatnaam = serializers.CharField(source="device_name", read_only=True)
    aangemaaktOp = UTCDateTimeField(source="created_at", read_only=True)
    verlooptOp = UTCDateTimeField(source="expires_at", read_only=True)


class NieuwTokenSerializer(TokenOverzichtSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text="Het geheime token; stuur het mee als `Authorization: Bearer <token>`. "
        "Het wordt maar één keer getoond.",
    )
