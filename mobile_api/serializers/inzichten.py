from rest_framework import serializers


class InzichtCelSerializer(serializers.Serializer):
    kolom = serializers.CharField(source="column")
    waarde = serializers.FloatField(source="value", allow_null=True)
    aantal = serializers.IntegerField(
        source="people", allow_null=True, help_text="Het aantal mensen achter de waarde."
    )
    onderdrukt = serializers.BooleanField(
        source="hidden",
        help_text="Niet getoond: een te kleine groep, of nodig om een kleine groep niet uit de "
        "totalen te kunnen afleiden. Waarde en aantal zijn dan leeg.",
    )


class InzichtRijSerializer(serializers.Serializer):
    sleutel = serializers.CharField(source="key")
    naam = serializers.CharField(source="name")
    cellen = InzichtCelSerializer(source="cells", many=True)
    totaal = InzichtCelSerializer(source="total", allow_null=True)


class InzichtKolomSerializer(serializers.Serializer):
    sleutel = serializers.CharField()
    naam = serializers.CharField()


class InzichtTabelSerializer(serializers.Serializer):
    """Alleen groepen, nooit personen; kleine groepen onderdrukt."""

    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")
    eenheid = serializers.ChoiceField(choices=["procent", "score", "aantal"], source="unit")
    minimumGroep = serializers.IntegerField(
        source="minimum", help_text="De kleinste groep die de organisatie laat zien."
    )
    kolommen = serializers.SerializerMethodField()
    rijen = InzichtRijSerializer(source="rows", many=True)
    totaal = InzichtRijSerializer(source="total", allow_null=True)
    toelichting = serializers.ListField(source="notes", child=serializers.CharField())

    def get_kolommen(self, table) -> InzichtKolomSerializer(many=True):
        return [{"sleutel": key, "naam": name} for key, name in table.columns]
