"""The picture renderer for the demo lessons, its font check, and the picture specs in
microlessons/demo_content/afbeeldingen (no database)."""

import base64
import contextlib
import copy
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from backend.common.fonts import FONT_FILES, load_font, missing_characters
from microlessons.demo import demo_modules
from microlessons.demo_pictures import (
    DESCRIPTION_MAX_LENGTH,
    HEIGHT,
    WIDTH,
    PictureSpecError,
    render_picture,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "microlessons" / "demo_content"
PICTURES_DIR = CONTENT_DIR / "afbeeldingen"
ACCENTED = "Één café, ü, ĳ"

SAMPLES = {
    "stroom-horizontaal": {
        "beschrijving": "Vier stappen van een aanvraag, van binnenkomst tot besluit.",
        "titel": f"Zo loopt een aanvraag bij de Stadswinkel ({ACCENTED})",
        "soort": "stroom",
        "richting": "horizontaal",
        "stappen": [
            {"tekst": "Aanvraag binnen", "toelichting": "via Mijn Zeventerpen of de balie"},
            {"tekst": "Controle op volledigheid", "toelichting": "binnen twee werkdagen"},
            {"tekst": "Beoordeling door de klantcontactcentrummedewerker"},
            {"tekst": "Besluit", "toelichting": "per brief én in de berichtenbox"},
        ],
    },
    "stroom-verticaal": {
        "beschrijving": "Vijf stappen van een warme doorverbinding, van boven naar beneden.",
        "titel": "Een warme doorverbinding in vijf stappen",
        "soort": "stroom",
        "richting": "verticaal",
        "stappen": [
            {"tekst": "Vraag samenvatten", "toelichting": "in de woorden van de inwoner"},
            {"tekst": "Collega zoeken", "toelichting": "kennisbank: wie weet het?"},
            {"tekst": "Collega inlichten", "toelichting": "naam, vraag en wat al gezegd is"},
            {"tekst": "Doorverbinden", "toelichting": "de inwoner hoort wie hem helpt"},
            {"tekst": "Nagaan of het gelukt is"},
        ],
    },
    "tijdlijn": {
        "beschrijving": "Een beslistermijn van acht weken met een verlenging van zes weken.",
        "titel": "Beslistermijn van een omgevingsvergunning",
        "soort": "tijdlijn",
        "eenheid": "weken",
        "perioden": [
            {"van": 0, "tot": 8, "tekst": "beslistermijn (Één café, ü, ĳ)"},
            {"van": 8, "tot": 14, "tekst": "verlenging, alleen als het nodig is", "stippel": True},
        ],
        "momenten": [
            {"op": 0, "tekst": "aanvraag binnen"},
            {"op": 1, "tekst": "ontvangstbevestiging"},
            {"op": 8, "tekst": "besluit of verlenging"},
            {"op": 14, "tekst": "uiterste besluitdatum"},
        ],
    },
    "plattegrond": {
        "beschrijving": "De Stadswinkel: ingang, wachtruimte, drie balies en de spreekkamer.",
        "titel": "De Stadswinkel aan het Wierdeplein",
        "soort": "plattegrond",
        "raster": [16, 10],
        "ruimtes": [
            {"tekst": "Balie 1", "x": 0, "y": 0, "b": 4, "h": 3},
            {"tekst": "Balie 2", "x": 4, "y": 0, "b": 4, "h": 3},
            {"tekst": "Balie 3", "x": 8, "y": 0, "b": 4, "h": 3},
            {"tekst": "Spreekkamer", "x": 12, "y": 0, "b": 4, "h": 5, "nadruk": True},
            {"tekst": "Wachtruimte (café)", "x": 0, "y": 6, "b": 7, "h": 4},
            {"tekst": "Ingang", "x": 12, "y": 8, "b": 4, "h": 2},
        ],
        "route": [[14, 8], [14, 7], [10, 7], [10, 5], [14, 5]],
    },
    "vergelijking": {
        "beschrijving": "Links een kil antwoord, rechts een gastvrij antwoord op dezelfde vraag.",
        "titel": "Hetzelfde antwoord, een ander gevoel",
        "soort": "vergelijking",
        "links": {
            "kop": "Zo klinkt het kil",
            "regels": ["Daar gaan wij niet over.", "U moet een formulier invullen.", "Volgende!"],
        },
        "rechts": {
            "kop": "Zo klinkt het gastvrij",
            "regels": [
                "Dat regelt de provincie; ik geef u het nummer.",
                "Ik help u even met het formulier, dan weet u zeker dat het klopt.",
                "Één café, ü, ĳ: ook namen met accenten kloppen.",
            ],
        },
    },
    "ladder": {
        "beschrijving": "Vijf treden van een gesprek dat escaleert, van onvrede tot dreiging.",
        "titel": "De escalatieladder aan de balie",
        "soort": "ladder",
        "treden": [
            "Onvrede: zuchten, kijken op de klok",
            "Klagen over de wachttijd",
            "Stem verheffen",
            "Schelden of persoonlijk worden",
            "Dreigen: haal een collega erbij",
        ],
        "pijl": "omlaag",
        "pijltekst": "De-escaleren: luister, erken, bied een stap aan",
    },
    "tabel": {
        "beschrijving": "Welk kanaal past bij welke vraag: web, telefoon of afspraak.",
        "titel": "Welk kanaal past bij welke vraag?",
        "soort": "tabel",
        "kolommen": ["Vraag", "Kanaal", "Waarom"],
        "rijen": [
            ["Afvalkalender", "Website", "Eenvoudig en altijd beschikbaar"],
            ["Verhuizing doorgeven", "Mijn Zeventerpen", "Met DigiD in vijf minuten geregeld"],
            ["Schuldhulp", "Afspraak", "Persoonlijk en vertrouwelijk"],
            ["Bezwaar tegen een besluit", "Telefoon", "Eerst even bellen voorkomt veel"],
            ["Één café, ü, ĳ", "Balie", ""],
        ],
    },
}


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


# --- every kind draws --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_kind_renders_a_png_of_the_promised_size_with_content(name):
    image = _open(render_picture(SAMPLES[name]))

    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 750)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 20  # text, fills, lines and their smooth edges
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_same_spec_gives_the_same_bytes(name):
    assert render_picture(SAMPLES[name]) == render_picture(copy.deepcopy(SAMPLES[name]))


def test_a_different_text_gives_a_different_picture():
    changed = copy.deepcopy(SAMPLES["tabel"])
    changed["rijen"][0][0] = "Parkeervergunning"
    assert render_picture(changed) != render_picture(SAMPLES["tabel"])


def test_long_labels_shrink_and_long_words_break_instead_of_leaving_their_box():
    spec = copy.deepcopy(SAMPLES["stroom-horizontaal"])
    spec["stappen"] = [
        {"tekst": "klantcontactcentrummedewerkersopleidingsprogramma"},
        {"tekst": "Een stap met een heel lange omschrijving die zeker moet worden afgebroken"},
        *[{"tekst": f"Stap {number}"} for number in range(3, 8)],
    ]
    # render_picture checks every drawn line against its box and raises if one leaves it.
    assert _open(render_picture(spec)).size == (1200, 750)


def test_moments_close_together_get_labels_in_separate_rows():
    spec = copy.deepcopy(SAMPLES["tijdlijn"])
    spec["momenten"] = [
        {"op": 0, "tekst": "aanvraag binnen bij de Stadswinkel"},
        {"op": 0.5, "tekst": "ontvangstbevestiging per mail"},
        {"op": 1, "tekst": "vooroverleg met de inwoner"},
        {"op": 13, "tekst": "besluit"},
        {"op": 14, "tekst": "uiterste datum"},
    ]
    assert _open(render_picture(spec)).size == (1200, 750)


# --- bad specs ---------------------------------------------------------------------------------


def _broken(name, change):
    spec = copy.deepcopy(SAMPLES[name])
    change(spec)
    return spec


BAD_SPECS = {
    "not an object": (["stap"], "spec", "object"),
    "unknown kind": (_broken("tabel", lambda s: s.update(soort="taart")), "soort", "taart"),
    "missing title": (_broken("tabel", lambda s: s.pop("titel")), "titel", "missing"),
    "missing field of the kind": (
        _broken("stroom-verticaal", lambda s: s.pop("richting")),
        "richting",
        "missing",
    ),
    "misspelt field": (
        _broken("stroom-verticaal", lambda s: s["stappen"][1].update(toelichtng="x")),
        "stappen.1.toelichtng",
        "not a field",
    ),
    "unknown direction": (
        _broken("stroom-verticaal", lambda s: s.update(richting="diagonaal")),
        "richting",
        "horizontaal",
    ),
    "too many steps": (
        _broken("stroom-verticaal", lambda s: s.update(stappen=[{"tekst": "stap"}] * 8)),
        "stappen",
        "has 8 items; use 2 to 7",
    ),
    "too few steps": (
        _broken("stroom-verticaal", lambda s: s.update(stappen=[{"tekst": "stap"}])),
        "stappen",
        "use 2 to 7",
    ),
    "empty text": (
        _broken("stroom-verticaal", lambda s: s["stappen"][0].update(tekst=" ")),
        "stappen.0.tekst",
        "empty",
    ),
    "text too long": (
        _broken("stroom-verticaal", lambda s: s["stappen"][0].update(tekst="x" * 81)),
        "stappen.0.tekst",
        "at most 80",
    ),
    "title too long": (_broken("tabel", lambda s: s.update(titel="t" * 71)), "titel", "at most 70"),
    "number as text": (
        _broken("ladder", lambda s: s["treden"].__setitem__(2, 3)),
        "treden.2",
        "must be text",
    ),
    "character the font lacks": (
        _broken("tabel", lambda s: s["rijen"][1].__setitem__(2, "Geregeld 😀")),
        "rijen.1.2",
        "U+1F600",
    ),
    "CJK in the title": (_broken("tabel", lambda s: s.update(titel="漢字")), "titel", "no glyph"),
    "grid too large": (
        _broken("plattegrond", lambda s: s.update(raster=[25, 10])),
        "raster",
        "24 x 16",
    ),
    "room outside the grid": (
        _broken("plattegrond", lambda s: s["ruimtes"][0].update(x=14)),
        "ruimtes.0",
        "outside the grid",
    ),
    "rooms overlap": (
        _broken("plattegrond", lambda s: s["ruimtes"][1].update(x=3)),
        "ruimtes.1",
        "overlaps ruimtes.0",
    ),
    "route off the grid": (
        _broken("plattegrond", lambda s: s["route"].append([17, 3])),
        "route.5",
        "on the grid",
    ),
    "room too small for its text": (
        _broken("plattegrond", lambda s: s["ruimtes"][5].update(b=1, h=1, x=15, y=9)),
        "ruimtes.5.tekst",
        "does not fit",
    ),
    "period ends before it starts": (
        _broken("tijdlijn", lambda s: s["perioden"][0].update(tot=0)),
        "perioden.0.tot",
        "after van",
    ),
    "negative time": (
        _broken("tijdlijn", lambda s: s["momenten"][0].update(op=-1)),
        "momenten.0.op",
        "use 0 to 1000",
    ),
    "unknown time unit": (
        _broken("tijdlijn", lambda s: s.update(eenheid="jaren")),
        "eenheid",
        "werkdagen",
    ),
    "dashed must be a boolean": (
        _broken("tijdlijn", lambda s: s["perioden"][1].update(stippel="ja")),
        "perioden.1.stippel",
        "true or false",
    ),
    "moments on one spot": (
        _broken("tijdlijn", lambda s: s["momenten"].append({"op": 8, "tekst": "nog een"})),
        "momenten.4",
        "too close",
    ),
    "too many comparison lines": (
        _broken("vergelijking", lambda s: s["links"].update(regels=["regel"] * 7)),
        "links.regels",
        "use 2 to 6",
    ),
    "too few ladder steps": (
        _broken("ladder", lambda s: s.update(treden=["laag", "hoog"])),
        "treden",
        "use 3 to 6",
    ),
    "arrow text without an arrow": (
        _broken("ladder", lambda s: s.pop("pijl")),
        "pijltekst",
        "needs a pijl",
    ),
    "row with a missing cell": (
        _broken("tabel", lambda s: s["rijen"][2].pop()),
        "rijen.2",
        "3 cells",
    ),
    "too many columns": (
        _broken("tabel", lambda s: s.update(kolommen=["a", "b", "c", "d", "e"])),
        "kolommen",
        "use 2 to 4",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SPECS))
def test_a_bad_spec_is_refused_naming_the_field_and_the_problem(case):
    spec, field, words = BAD_SPECS[case]
    with pytest.raises(PictureSpecError) as caught:
        render_picture(spec)
    assert isinstance(caught.value, ValueError)
    messages = [
        message for problem_field, message in caught.value.problems if problem_field == field
    ]
    assert messages, caught.value.problems
    assert any(words in message for message in messages) or words in field, messages
    assert field in str(caught.value)


def _paths(node, prefix=()):
    """Every path into a spec: keys of objects, positions in lists."""
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_any_field_missing_or_of_the_wrong_type_is_a_spec_error_never_a_crash(name):
    for path in _paths(SAMPLES[name]):
        for wrong in ("missing", None, [], {}):
            spec = copy.deepcopy(SAMPLES[name])
            parent = spec
            for key in path[:-1]:
                parent = parent[key]
            if wrong == "missing":
                parent.pop(path[-1])
            else:
                parent[path[-1]] = wrong
            with contextlib.suppress(PictureSpecError):  # an optional field may go
                render_picture(spec)


def test_all_problems_of_a_spec_are_reported_at_once():
    spec = copy.deepcopy(SAMPLES["stroom-verticaal"])
    spec["titel"] = ""
    spec["stappen"][0]["tekst"] = "日本"
    spec["stappen"][1]["extra"] = True
    with pytest.raises(PictureSpecError) as caught:
        render_picture(spec)
    fields = {field for field, _message in caught.value.problems}
    assert {"titel", "stappen.0.tekst", "stappen.1.extra"} <= fields


def test_the_description_is_not_drawn_so_any_character_may_be_used_in_it():
    spec = copy.deepcopy(SAMPLES["ladder"])
    spec["beschrijving"] = "Een ladder ✓ 漢字"
    assert render_picture(spec)


# --- the font helper ---------------------------------------------------------------------------


def test_fonts_ship_with_the_project_and_load_by_path():
    for weight, path in FONT_FILES.items():
        assert path.is_file() and "font_source_sans_pro" in path.parts, weight
        assert load_font(weight, 30) is load_font(weight, 30)  # cached


@pytest.mark.parametrize("weight", ["regular", "semibold", "bold"])
def test_missing_characters_finds_what_the_font_lacks_and_not_dutch_accents(weight):
    assert missing_characters("Noël 漢 en 😀", weight) == {"漢", "😀"}
    dutch = "Één café, ü, ĳ, Ĳsselmeer, Ðorđević, Şahin, Øystein – ‘bedankt’ … € ✓"
    assert missing_characters(dutch, weight) == set()
    assert missing_characters(" \t\n\u00a0", weight) == set()  # whitespace is never missing


# --- the picture specs of the demo content -----------------------------------------------------


def _modules() -> dict[str, dict]:
    return {module["sleutel"]: module for module in demo_modules()}


def _spec_files() -> dict[str, dict]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(PICTURES_DIR.glob("*.json"))
    }


def _demo_specs() -> list[tuple[str, str, dict]]:
    return [
        (module, name, spec)
        for module, specs in _spec_files().items()
        for name, spec in specs.items()
    ]


def _drawn_texts(value) -> list[str]:
    """Every text of a spec that the renderer draws (all but the description)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _drawn_texts(item)]
    if isinstance(value, dict):
        return [
            text
            for key, item in value.items()
            if key not in ("beschrijving", "soort", "richting", "eenheid", "pijl")
            for text in _drawn_texts(item)
        ]
    return []


@pytest.mark.parametrize(
    ("module", "name", "spec"),
    _demo_specs(),
    ids=[f"{module}/{name}" for module, name, _spec in _demo_specs()],
)
def test_every_demo_picture_renders_and_its_texts_are_in_the_font(module, name, spec):
    assert _open(render_picture(spec)).size == (1200, 750)
    for text in _drawn_texts(spec):
        for weight in FONT_FILES:
            assert not missing_characters(text, weight), (module, name, text)


def test_demo_picture_files_belong_to_modules_and_names_start_with_the_module_key():
    modules = _modules()
    for module, specs in _spec_files().items():
        assert module in modules, f"afbeeldingen/{module}.json names no module"
        assert isinstance(specs, dict), module
        for name in specs:
            assert name.startswith(f"{module}-"), f"{module}: rename {name!r} to {module}-..."


def test_every_picture_a_lesson_names_is_defined_and_every_defined_picture_is_used():
    specs = _spec_files()
    undefined, unused = [], []
    for key, module in _modules().items():
        named = {
            block["afbeelding"]: lesson["sleutel"]
            for lesson in module["lessen"]
            for block in lesson["blokken"]
            if block["soort"] == "afbeelding"
        }
        defined = set(specs.get(key, {}))
        undefined += [
            f"{key}/{lesson}: {name}" for name, lesson in named.items() if name not in defined
        ]
        unused += [f"{key}: {name}" for name in sorted(defined - set(named))]
    assert not undefined, f"lessons name pictures without a spec: {undefined}"
    assert not unused, f"pictures no lesson uses: {unused}"


# --- the demo packs draw the pictures their lessons name ----------------------------------------


def _write_module(folder: Path, blocks: list[dict], specs: dict | None) -> None:
    module = {
        "sleutel": "proef",
        "titel": "Proefmodule",
        "lessen": [{"sleutel": "les-een", "titel": "Les", "blokken": blocks}],
    }
    (folder / "01-proef.json").write_text(json.dumps(module), encoding="utf-8")
    if specs is not None:
        (folder / "afbeeldingen").mkdir()
        (folder / "afbeeldingen" / "proef.json").write_text(json.dumps(specs), encoding="utf-8")


@pytest.fixture
def content_folder(tmp_path, monkeypatch):
    from microlessons import demo

    monkeypatch.setattr(demo, "CONTENT_DIR", tmp_path)
    monkeypatch.setattr(demo, "PICTURES_DIR", tmp_path / "afbeeldingen")
    return tmp_path


def test_demo_packs_draw_only_the_pictures_that_lessons_name(content_folder):
    from microlessons.demo import demo_packs

    image_block = {"soort": "afbeelding", "afbeelding": "proef-tabel", "alternatieveTekst": "x"}
    _write_module(
        content_folder,
        [image_block, dict(image_block)],  # named twice, drawn once
        {"proef-tabel": SAMPLES["tabel"], "proef-ladder": SAMPLES["ladder"]},
    )
    (pack,) = demo_packs()

    assert list(pack["afbeeldingen"]) == ["proef-tabel"]
    picture = pack["afbeeldingen"]["proef-tabel"]
    assert picture["beschrijving"] == SAMPLES["tabel"]["beschrijving"]
    assert base64.b64decode(picture["inhoud"]) == render_picture(SAMPLES["tabel"])


def test_a_module_without_picture_specs_has_no_pictures(content_folder):
    from microlessons.demo import demo_packs

    _write_module(content_folder, [{"soort": "tekst", "tekst": "Hallo"}], None)
    assert next(demo_packs())["afbeeldingen"] == {}


@pytest.mark.parametrize(
    ("specs", "words"),
    [
        ({}, "no spec in afbeeldingen/proef.json"),
        ({"proef-tabel": {**SAMPLES["tabel"], "soort": "taart"}}, "soort: unknown kind"),
    ],
)
def test_a_picture_that_cannot_be_drawn_names_module_lesson_and_picture(
    content_folder, specs, words
):
    from microlessons.demo import DemoContentError, demo_packs

    block = {"soort": "afbeelding", "afbeelding": "proef-tabel", "alternatieveTekst": "x"}
    _write_module(content_folder, [block], specs)
    with pytest.raises(DemoContentError) as caught:
        list(demo_packs())
    message = str(caught.value)
    assert "module proef, lesson les-een, picture 'proef-tabel'" in message
    assert words in message


def test_every_image_block_has_an_alternative_text_the_pack_accepts():
    too_long = [
        f"{key}/{lesson['sleutel']}: {len(block['alternatieveTekst'])} characters"
        for key, module in _modules().items()
        for lesson in module["lessen"]
        for block in lesson["blokken"]
        if block["soort"] == "afbeelding"
        and len(block.get("alternatieveTekst", "")) > DESCRIPTION_MAX_LENGTH
    ]
    assert not too_long, f"alternative texts over {DESCRIPTION_MAX_LENGTH} characters: {too_long}"
