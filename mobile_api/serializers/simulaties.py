"""Simulations in the API: the conversation (for playing online and offline), attempts and
their results. Dimension names are the API's words (microlessons.simulation_graph.DIMENSIONS)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from microlessons.models import SimulationStep, SimulationVersion
from microlessons.simulation_graph import DIMENSIONS, EFFECT_MAX, EFFECT_MIN
from mobile_api.fields import UTCDateTimeField
from mobile_api.serializers.gedeeld import ModuleVerwijzingSerializer


def _dutch(values: dict) -> dict:
    return {DIMENSIONS[name]: value for name, value in values.items()}


class EffectSerializer(serializers.Serializer):
    """Per dimensie een heel getal van -3 tot +3; hoger is altijd beter."""

    klanttevredenheid = serializers.IntegerField(min_value=EFFECT_MIN, max_value=EFFECT_MAX)
    doorlooptijd = serializers.IntegerField(min_value=EFFECT_MIN, max_value=EFFECT_MAX)
    kosten = serializers.IntegerField(min_value=EFFECT_MIN, max_value=EFFECT_MAX)
    procesjuistheid = serializers.IntegerField(min_value=EFFECT_MIN, max_value=EFFECT_MAX)


class ScoresSerializer(serializers.Serializer):
    """Per dimensie 0 tot 100: 0 is het slechtste en 100 het beste dat dit gesprek toelaat."""

    klanttevredenheid = serializers.FloatField(min_value=0, max_value=100)
    doorlooptijd = serializers.FloatField(min_value=0, max_value=100)
    kosten = serializers.FloatField(min_value=0, max_value=100)
    procesjuistheid = serializers.FloatField(min_value=0, max_value=100)


class BereikSerializer(serializers.Serializer):
    laagst = serializers.IntegerField()
    hoogst = serializers.IntegerField()


class GrenzenSerializer(serializers.Serializer):
    """Per dimensie het slechtste en beste totaal over alle paden (om zelf te normaliseren)."""

    klanttevredenheid = BereikSerializer()
    doorlooptijd = BereikSerializer()
    kosten = BereikSerializer()
    procesjuistheid = BereikSerializer()


class KeuzeSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    tekst = serializers.CharField(source="text", help_text="Wat de medewerker zegt of doet.")
    feedback = serializers.CharField(help_text="Te tonen nadat deze keuze is gemaakt.")
    volgendeStap = serializers.UUIDField(source="next_step.uuid")
    effect = serializers.SerializerMethodField()

    @extend_schema_field(EffectSerializer)
    def get_effect(self, choice):
        return _dutch(choice.effects())


class StapSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    soort = serializers.ChoiceField(source="kind", choices=SimulationStep.Kind.choices)
    context = serializers.CharField(help_text="De situatie, wat de medewerker ziet of weet.")
    tekst = serializers.CharField(
        source="text", help_text="Wat de klant zegt; bij een einde de nabespreking."
    )
    titel = serializers.CharField(source="title", help_text="Bij een einde: de naam van dat einde.")
    keuzes = KeuzeSerializer(source="choices", many=True)


class SimulatieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    module = ModuleVerwijzingSerializer()
    versie = serializers.IntegerField(source="published_version.number")
    titel = serializers.CharField(source="published_version.title")
    samenvatting = serializers.CharField(source="published_version.summary")
    kanaal = serializers.ChoiceField(
        source="published_version.channel", choices=SimulationVersion.Channel.choices
    )
    klant = serializers.CharField(source="published_version.customer", help_text="Wie de klant is.")
    geschatteDuurSeconden = serializers.IntegerField(source="published_version.estimated_seconds")
    aantalStappen = serializers.IntegerField(
        source="published_version.depth", help_text="Gespreksstappen op het langste pad."
    )


class SimulatieGesprekSerializer(SimulatieSerializer):
    """Een simulatie met het hele gesprek, om (ook offline) te spelen."""

    start = serializers.UUIDField(source="published_version.start_step.uuid")
    stappen = StapSerializer(source="published_version.steps", many=True)
    grenzen = serializers.SerializerMethodField()

    @extend_schema_field(GrenzenSerializer)
    def get_grenzen(self, simulation):
        bounds = simulation.published_version.bounds
        return {
            DIMENSIONS[name]: {"laagst": low, "hoogst": high}
            for name, (low, high) in bounds.items()
        }


class GekozenSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    keuze = serializers.UUIDField(source="choice.uuid")
    tekst = serializers.CharField(source="choice.text")
    feedback = serializers.CharField(source="choice.feedback")
    gekozenOp = UTCDateTimeField(source="chosen_at")


class DuurKeuzeSerializer(serializers.Serializer):
    keuze = serializers.UUIDField(source="choice.uuid")
    tekst = serializers.CharField(source="choice.text")
    feedback = serializers.CharField(source="choice.feedback")
    verlies = serializers.SerializerMethodField(
        help_text="Per dimensie de punten (op 0-100) die deze keuze kostte tegenover de beste "
        "keuze op dat moment."
    )
    totaalVerlies = serializers.FloatField(source="total_lost")

    @extend_schema_field(ScoresSerializer)
    def get_verlies(self, costly):
        return _dutch(costly.lost)


class EindeSerializer(serializers.Serializer):
    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")
    nabespreking = serializers.CharField(source="text")


class ResultaatSerializer(serializers.Serializer):
    scores = serializers.SerializerMethodField()
    gemiddelde = serializers.FloatField(source="average")
    einde = EindeSerializer(source="ending")
    duursteKeuzes = DuurKeuzeSerializer(source="costliest", many=True)

    @extend_schema_field(ScoresSerializer)
    def get_scores(self, result):
        return _dutch(result.scores)


class SimulatiepogingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    simulatie = serializers.UUIDField(source="simulation.uuid")
    versie = serializers.IntegerField(source="version.number")
    status = serializers.ChoiceField(choices=["bezig", "afgerond"])
    gestartOp = UTCDateTimeField(source="started_at")
    afgerondOp = UTCDateTimeField(source="completed_at", allow_null=True)
    huidigeStap = StapSerializer(source="current_step", help_text="Waar het gesprek nu is.")
    gekozen = GekozenSerializer(source="made_choices", many=True)
    resultaat = serializers.SerializerMethodField()

    @extend_schema_field(ResultaatSerializer(allow_null=True))
    def get_resultaat(self, attempt):
        result = self.context["results"].get(attempt.pk)
        return ResultaatSerializer(result).data if result is not None else None


# --- input ----------------------------------------------------------------------------------


class PadKeuzeInvoerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(help_text="Door het apparaat gemaakt.")
    keuze = serializers.UUIDField()
    gekozenOp = serializers.DateTimeField(help_text="Met tijdzone; niet in de toekomst.")


class SimulatiepogingInvoerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        help_text="Door het apparaat gemaakt; maakt opnieuw versturen veilig."
    )
    simulatie = serializers.UUIDField()
    versie = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="De versie die offline gespeeld is; zonder: de huidige gepubliceerde.",
    )
    gestartOp = serializers.DateTimeField(help_text="Met tijdzone; niet in de toekomst.")
    pad = PadKeuzeInvoerSerializer(
        many=True,
        required=False,
        max_length=12,
        help_text="Een offline gespeeld gesprek, van de start tot een einde, in volgorde. De "
        "server controleert het pad en berekent de scores zelf.",
    )


class KeuzeInvoerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        help_text="Door het apparaat gemaakt; maakt opnieuw versturen veilig."
    )
    keuze = serializers.UUIDField(help_text="Een keuze van de huidige stap.")
    gekozenOp = serializers.DateTimeField(help_text="Met tijdzone; niet in de toekomst.")


class SimulatiepogingKortSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    simulatie = serializers.UUIDField(source="simulation.uuid")
    versie = serializers.IntegerField(source="version.number")
    status = serializers.ChoiceField(choices=["bezig", "afgerond"])
    gestartOp = UTCDateTimeField(source="started_at")
    afgerondOp = UTCDateTimeField(source="completed_at", allow_null=True)
    scores = serializers.SerializerMethodField()
    gemiddelde = serializers.FloatField(source="average_score", allow_null=True)

    @extend_schema_field(ScoresSerializer(allow_null=True))
    def get_scores(self, attempt):
        return _dutch(attempt.scores()) if attempt.is_completed else None
