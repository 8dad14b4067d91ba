"""What a citizen sends from the municipality's website, and what employees see of it."""

from rest_framework import serializers

from campaigns.compliments.models import CITIZEN_MESSAGE_MAX_LENGTH
from mobile_api.fields import StrictCharField, StrictUUIDField, UTCDateTimeField


class PubliekComplimentInvoerSerializer(serializers.Serializer):
    organisatie = StrictCharField(max_length=60, help_text="De korte naam van de gemeente.")
    bericht = StrictCharField(
        max_length=CITIZEN_MESSAGE_MAX_LENGTH,
        help_text=f"Het compliment, hoogstens {CITIZEN_MESSAGE_MAX_LENGTH} tekens.",
    )
    medewerker = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Wie het compliment verdient, zoals de inwoner het weet (naam, balie...).",
    )
    afdeling = StrictUUIDField(
        required=False,
        allow_null=True,
        help_text="Het team, uit `/publiek/organisaties/{organisatie}/afdelingen`.",
    )
    naam = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    telefoon = serializers.RegexField(
        r"^[0-9 +()-]{0,30}$",
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        help_text="Contactgegevens zijn optioneel, alleen voor wie modereert, en worden na de "
        "bewaartermijn verwijderd.",
    )
    website = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Laat leeg: een verborgen veld tegen spam.",
    )


class PubliekOntvangstSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["ontvangen"],
        help_text="Het compliment is ontvangen en wordt eerst bekeken voordat iemand het ziet.",
    )


class PubliekAfdelingSerializer(serializers.Serializer):
    uuid = StrictUUIDField()
    naam = serializers.CharField(source="name")


class PubliekComplimentSerializer(serializers.Serializer):
    """Wat een medewerker ziet: het bericht, nooit de contactgegevens van de inwoner."""

    uuid = StrictUUIDField()
    bericht = serializers.CharField(source="message")
    voorAfdeling = serializers.CharField(
        source="recipient_department.name",
        default=None,
        allow_null=True,
        help_text="Als het compliment voor het hele team is.",
    )
    ontvangenOp = UTCDateTimeField(source="created_at")
