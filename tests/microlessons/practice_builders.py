"""Simulations and knowledge tests for tests, through their real importers."""

import datetime

from django.utils import timezone

from microlessons.knowledge_test_import import knowledge_test_import
from microlessons.models import MeasurementWindow
from microlessons.simulation_import import simulation_import


def effect(tevredenheid=0, doorlooptijd=0, kosten=0, proces=0):
    return {
        "klanttevredenheid": tevredenheid,
        "doorlooptijd": doorlooptijd,
        "kosten": kosten,
        "procesjuistheid": proces,
    }


def choice(key, following, feedback="Zo ging het.", **effects):
    return {
        "sleutel": key,
        "tekst": f"Keuze {key}",
        "feedback": feedback,
        "volgende": following,
        "effect": effect(**effects),
    }


def simulation_data(key="balie", module="module", *, seconds=120, steps=None):
    """begin → (vragen | doorsturen); vragen → (oplossen | beloven); four endings."""
    return {
        "sleutel": key,
        "module": module,
        "titel": f"Simulatie {key}",
        "samenvatting": "Een inwoner aan de balie.",
        "kanaal": "balie",
        "klant": "Een inwoner met een vraag over een brief.",
        "geschatteDuurSeconden": seconds,
        "start": "begin",
        "stappen": steps
        or [
            {
                "sleutel": "begin",
                "soort": "gesprek",
                "tekst": "Ik snap deze brief niet.",
                "keuzes": [
                    choice("vragen", "midden", tevredenheid=2, doorlooptijd=-1, proces=1),
                    choice("doorsturen", "einde-weg", tevredenheid=-2, doorlooptijd=1, kosten=1),
                ],
            },
            {
                "sleutel": "midden",
                "soort": "gesprek",
                "tekst": "Het gaat over mijn uitkering.",
                "keuzes": [
                    choice("oplossen", "einde-goed", tevredenheid=3, kosten=-1, proces=2),
                    choice("beloven", "einde-half", tevredenheid=1, doorlooptijd=-2, proces=-1),
                ],
            },
            {"sleutel": "einde-goed", "soort": "einde", "titel": "Opgelost", "tekst": "Mooi."},
            {"sleutel": "einde-half", "soort": "einde", "titel": "Half", "tekst": "Het duurt."},
            {"sleutel": "einde-weg", "soort": "einde", "titel": "Weggestuurd", "tekst": "Jammer."},
        ],
    }


def import_simulation(organisation, module, key="balie", **kwargs):
    return simulation_import(
        data=simulation_data(key, module.key, **kwargs), organisation=organisation
    )


def knowledge_test_data(topics, *, key="toets", per_topic=2):
    """Two questions per topic: one single choice, one multiple choice."""
    questions = []
    for topic in topics:
        questions.append(
            {
                "sleutel": f"{topic}-enkel",
                "onderwerp": topic,
                "soort": "enkele_keuze",
                "tekst": f"Welke optie is juist bij {topic}?",
                "uitleg": "Uitleg.",
                "opties": [
                    {"tekst": "Juist", "juist": True, "feedback": "Ja, want..."},
                    {"tekst": "Onjuist", "juist": False, "feedback": "Nee, want..."},
                    {"tekst": "Ook onjuist", "juist": False, "feedback": "Nee, want..."},
                ],
            }
        )
        if per_topic > 1:
            questions.append(
                {
                    "sleutel": f"{topic}-meer",
                    "onderwerp": topic,
                    "soort": "meerdere_keuzes",
                    "tekst": f"Welke opties passen bij {topic}?",
                    "uitleg": "Uitleg.",
                    "opties": [
                        {"tekst": "Een", "juist": True, "feedback": "Ja."},
                        {"tekst": "Twee", "juist": True, "feedback": "Ja."},
                        {"tekst": "Drie", "juist": False, "feedback": "Nee."},
                        {"tekst": "Vier", "juist": False, "feedback": "Nee."},
                    ],
                }
            )
    return {
        "sleutel": key,
        "titel": f"Toets {key}",
        "beschrijving": "Een toets.",
        "vragen": questions,
    }


def import_test(organisation, modules, **kwargs):
    return knowledge_test_import(
        data=knowledge_test_data([module.key for module in modules], **kwargs),
        organisation=organisation,
    )


def window(organisation, test, *, opens_days=-1, closes_days=7, name="Meting"):
    now = timezone.now()
    return MeasurementWindow.objects.create(
        organisation=organisation,
        test=test,
        name=name,
        opens_at=now + datetime.timedelta(days=opens_days),
        closes_at=now + datetime.timedelta(days=closes_days),
    )
