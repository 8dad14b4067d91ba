"""Compliment campaigns in the API: campaigns, compliments (sent, received, handed out), and
the answers of the organisers' reports. An anonymous sender is never in any answer to
anyone but the sender."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.compliments.models import (
    REASON_MAX_LENGTH,
    THANKS_MAX_LENGTH,
    Campaign,
    ModerationStatus,
)
from mobile_api.fields import StrictCharField, StrictUUIDField, UTCDateTimeField

# The campaign's phase on the organisation's calendar (API values).
CAMPAIGN_PHASES = ("binnenkort", "open", "gesloten", "bezorgd")


class NaamVerwijzingSerializer(serializers.Serializer):
    uuid = StrictUUIDField()
    naam = serializers.CharField(source="name")


class CampagneSerializer(serializers.Serializer):
    uuid = StrictUUIDField()
    naam = serializers.CharField(source="name")
    nominerenVanaf = serializers.DateField(
        source="nomination_starts_on", help_text="Eerste dag waarop je kunt versturen."
    )
    nominerenTotEnMet = serializers.DateField(
        source="nomination_ends_on", help_text="Laatste dag waarop je kunt versturen."
    )
    bezorgdatum = serializers.DateField(
        source="delivery_date", help_text="Vanaf deze dag zien ontvangers hun complimenten."
    )
    fase = serializers.SerializerMethodField(
        help_text="`binnenkort`, `open` (versturen kan), `gesloten` (wacht op bezorging) of "
        "`bezorgd`, op de kalender van de organisatie."
    )
    maximumPerAfzender = serializers.IntegerField(source="sender_limit")
    nogTeVersturen = serializers.SerializerMethodField(
        help_text="Hoeveel complimenten jij nog kunt versturen (afgewezen tellen niet mee)."
    )
    moderatie = serializers.BooleanField(
        source="moderation_required",
        help_text="Een organisator keurt elk compliment goed voordat het bezorgd wordt.",
    )
    waarden = NaamVerwijzingSerializer(source="values", many=True)
    cadeaus = NaamVerwijzingSerializer(source="gifts", many=True)

    @extend_schema_field({"type": "string", "enum": list(CAMPAIGN_PHASES)})
    def get_fase(self, campaign: Campaign) -> str:
        today = self.context["today_of"](campaign)
        if today < campaign.nomination_starts_on:
            return "binnenkort"
        if today <= campaign.nomination_ends_on:
            return "open"
        if today < campaign.delivery_date:
            return "gesloten"
        return "bezorgd"

    def get_nogTeVersturen(self, campaign) -> int:
        return max(0, campaign.sender_limit - campaign.sent_by_me)


class ComplimentInvoerSerializer(serializers.Serializer):
    uuid = StrictUUIDField(
        help_text="Door de app gekozen; dezelfde uuid opnieuw slaat niets dubbel op."
    )
    campagne = StrictUUIDField()
    ontvanger = StrictUUIDField(help_text="Een collega van je eigen organisatie.")
    waarden = serializers.ListField(
        child=StrictUUIDField(), min_length=1, max_length=10, help_text="1 tot 10 waarden."
    )
    reden = StrictCharField(
        max_length=REASON_MAX_LENGTH, help_text=f"Waarom, hoogstens {REASON_MAX_LENGTH} tekens."
    )
    cadeau = StrictUUIDField(
        required=False,
        allow_null=True,
        help_text="Een van de cadeaus van de campagne; verplicht als de campagne cadeaus heeft.",
    )
    anoniem = serializers.BooleanField(
        default=False, help_text="De ontvanger ziet niet van wie het compliment komt."
    )


class PersoonSerializer(serializers.Serializer):
    uuid = StrictUUIDField()
    naam = serializers.CharField(source="full_name")


class ComplimentSerializer(serializers.Serializer):
    """Eén compliment zoals de vrager het mag zien: de afzender is leeg als die anoniem is
    (behalve voor de afzender zelf)."""

    uuid = StrictUUIDField()
    campagne = NaamVerwijzingSerializer(source="campaign")
    kaartnummer = serializers.IntegerField(source="card_number")
    ontvanger = PersoonSerializer(source="recipient")
    afdeling = serializers.CharField(
        source="recipient.department.name", default=None, allow_null=True
    )
    vestiging = NaamVerwijzingSerializer(source="location", allow_null=True)
    afzender = serializers.SerializerMethodField()
    anoniem = serializers.BooleanField(source="is_anonymous")
    waarden = NaamVerwijzingSerializer(source="values", many=True)
    reden = serializers.CharField(source="reason")
    cadeau = NaamVerwijzingSerializer(source="gift", allow_null=True)
    status = serializers.ChoiceField(choices=ModerationStatus.choices)
    afwijzingsreden = serializers.SerializerMethodField(
        help_text="Waarom het niet bezorgd wordt; alleen voor de afzender."
    )
    verstuurdOp = UTCDateTimeField(source="created_at")
    bedanktOp = UTCDateTimeField(source="thanked_at", allow_null=True)
    bedankje = serializers.CharField(source="thanks_message")
    uitgereiktOp = UTCDateTimeField(source="handed_out_at", allow_null=True)

    @extend_schema_field(PersoonSerializer(allow_null=True))
    def get_afzender(self, compliment):
        viewer = self.context["viewer"]
        if compliment.sender is None:
            return None
        if compliment.is_anonymous and compliment.sender_id != viewer.pk:
            return None
        return PersoonSerializer(compliment.sender).data

    def get_afwijzingsreden(self, compliment) -> str:
        viewer = self.context["viewer"]
        return compliment.rejection_reason if compliment.sender_id == viewer.pk else ""


class BedankjeInvoerSerializer(serializers.Serializer):
    bericht = StrictCharField(
        max_length=THANKS_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text=f"Een kort bericht terug, hoogstens {THANKS_MAX_LENGTH} tekens.",
    )


class BeoordelingInvoerSerializer(serializers.Serializer):
    besluit = serializers.ChoiceField(choices=["goedkeuren", "afwijzen"])
    reden = StrictCharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij afwijzen; de afzender ziet deze reden.",
    )


class UitreikingInvoerSerializer(serializers.Serializer):
    uitgereiktOp = serializers.DateTimeField(
        required=False,
        help_text="Wanneer het kaartje is uitgereikt (standaard: nu), bijvoorbeeld als de "
        "telefoon offline was. Niet in de toekomst, niet voor de bezorgdatum.",
    )


class KaartlinkSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Werkt zonder aanmelding, tot `verlooptOp`.")
    verlooptOp = UTCDateTimeField()


class CadeauAantalSerializer(serializers.Serializer):
    cadeau = serializers.CharField()
    aantal = serializers.IntegerField()


class VestigingVoortgangSerializer(serializers.Serializer):
    vestiging = serializers.CharField(
        source="key", help_text="De uuid van de vestiging, of `geen` zonder vestiging."
    )
    naam = serializers.CharField(source="name")
    kaarten = serializers.IntegerField(source="total", help_text="Goedgekeurde complimenten.")
    uitgereikt = serializers.IntegerField(source="handed_out")
    vrijwilligers = serializers.IntegerField(source="volunteers")
    cadeaus = serializers.SerializerMethodField()

    def get_cadeaus(self, row) -> CadeauAantalSerializer(many=True):
        return [{"cadeau": gift, "aantal": number} for gift, number in sorted(row.gifts.items())]


class VoortgangSerializer(serializers.Serializer):
    vestigingen = VestigingVoortgangSerializer(many=True)
    cadeaus = CadeauAantalSerializer(
        many=True, help_text="Totaal per cadeau over alle vestigingen (voor de bakker)."
    )
