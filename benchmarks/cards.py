"""``python -m benchmarks cards`` (``make bench-cards``): seed a throw-away database with one
compliment campaign (1,400 approved compliments over 45 locations), then time and measure what
the organisers and the app ask for on delivery day:

a. every card as a PNG through ``card_documents.compliment_card_png`` (the API's path);
b. every location's print sheets (``location_print_pdf``) and handout list
   (``location_handout_pdf``), written to temporary files;

each in one process and over a pool of worker processes (forked after ``django.setup()``), and

c. the PDF libraries side by side on a sample of locations: reportlab drawing the layout as
   vector text (``print_sheets_pdf``, the one in use), reportlab placing 300 dpi Pillow card
   images, and Pillow's own multi-page PDF of 300 dpi page images; plus how each one's memory
   grows with the cards in one file.

Every measurement runs in freshly forked processes, so each process's peak RSS
(``ru_maxrss``) belongs to that measurement alone; Python's own allocations are measured with
tracemalloc in a separate pass (it slows the code down, so never while timing). Prints the
figures and, with --write-doc, records them in docs/performance.md.
"""

import argparse
import datetime
import gc
import math
import os
import resource
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from benchmarks import database
from benchmarks.scale import env_int

TARGET_SECONDS = 60  # PNGs + print sheets + handout lists, with the worker pool
BUSY_MACHINE = 0.10  # other processes' share of the CPUs above which the timings mislead
PRINT_DPI = 300
MM_PER_INCH = 25.4
# Cards in one PDF, for how memory grows within a file: (approach, cards, also traced)
SCALING = [
    ("vector", 100, True),
    ("vector", 400, True),
    ("vector", 1_400, True),
    ("images", 20, False),  # tracemalloc would take minutes here, and misses Pillow's buffers
    ("images", 80, False),
    ("pillow", 20, False),
    ("pillow", 80, False),
]
# tracemalloc makes this code 2 to 10 times slower, so it measures what sets the peak, not all:
TRACED_CARDS = 300  # card PNGs (each is drawn on its own: the peak does not grow with more)
# and, for the PDFs, the location with the most cards (memory grows within a file, not across).
COMMAND = ".venv/bin/python -m benchmarks cards --write-doc"


# --- Scale and flags ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CardsScale:
    compliments: int = 1_400
    locations: int = 45
    employees: int = 1_000
    departments: int = 12
    sample_locations: int = 3  # for the PDF-library comparison
    workers: int = 2
    random_seed: int = 20_270_214


SIZES = {
    "compliments": "approved compliments, i.e. cards",
    "locations": "locations the cards are handed out at",
    "employees": "employees in the organisation",
    "departments": "departments",
    "sample_locations": "locations in the PDF-library comparison",
    "workers": "worker processes of the pool",
}


def parse_args(argv=None) -> tuple[CardsScale, argparse.Namespace]:
    defaults = CardsScale()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks cards",
        description=(
            "Seed a throw-away database with one compliment campaign and time every card PNG, "
            "every location's print sheets and handout list, and three ways to make the print "
            "PDF. PostgreSQL: set BENCH_DATABASE_URL. Every size can also be set as "
            "BENCH_CARDS_<FLAG> (e.g. BENCH_CARDS_COMPLIMENTS=200)."
        ),
    )
    for name, help_text in SIZES.items():
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=int,
            default=env_int(f"cards_{name}", getattr(defaults, name)),
            help=f"{help_text} (default {getattr(defaults, name):,})",
        )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="rewrite this database's card figures in docs/performance.md",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database afterwards"
    )
    args = parser.parse_args(argv)
    scale = CardsScale(**{name: getattr(args, name) for name in SIZES})
    if scale.locations < 1 or scale.departments < 1 or scale.workers < 1:
        parser.error("--locations, --departments and --workers must be at least 1")
    if scale.employees < max(2, scale.locations):
        parser.error("--employees must be at least --locations (one at every location) and 2")
    if scale.compliments < 1:
        parser.error("--compliments must be at least 1")
    if not 1 <= scale.sample_locations <= scale.locations:
        parser.error("--sample-locations must be between 1 and --locations")
    return scale, args


def main(argv=None) -> int:
    return database.run_on_throwaway_database(parse_args, _run, argv)


# --- Seeding -----------------------------------------------------------------------------------

FIRST_NAMES = [
    "Anouk", "Bram", "Chaima", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilias", "Jasmijn",
    "Kees", "Lotte", "Mohammed", "Noël", "Øystein", "Priya", "Renée", "Siham", "Thijs", "Ülker",
    "Zoë", "Ángel", "Çağla", "Józef", "Marie-Louise", "Jan-Willem", "Ĳsbrand", "Dragana",
]  # fmt: skip
LAST_NAMES = [  # (prefix, last name)
    ("", "Jansen"), ("de", "Vries"), ("", "Bakker"), ("", "Yılmaz"), ("", "Visser"),
    ("van der", "Heuvel-Vermeulen"), ("", "El Idrissi"), ("", "Ðorđević-Şahin"),
    ("", "Kowalczyk"), ("", "Nguyễn"), ("van den", "Broek"), ("", "Çelik"),
    ("", "Þórsdóttir"), ("ter", "Horst"), ("", "Bouzid"), ("", "Schotanus-Oosterbroek"),
    ("van", "Dijk"), ("", "Müller-Lüdenscheidt"), ("", "Mulder"), ("", "Ramdin"),
]  # fmt: skip
DEPARTMENTS = [
    "Burgerzaken", "Sociaal Domein", "Openbare Ruimte", "Financiën", "Vergunningen",
    "Klantcontactcentrum", "Informatievoorziening", "Communicatie", "Personeel & Organisatie",
    "Wijkteams", "Handhaving", "Griffie",
]  # fmt: skip
PLACES = [
    "Stadskantoor", "Wijkcentrum", "Bibliotheek", "Gemeentewerf", "Milieustraat", "Sporthal",
    "Zwembad", "Brandweerkazerne", "Buurthuis",
]  # fmt: skip
AREAS = ["Centrum", "Noord", "Oost", "Zuid", "West"]
SENTENCES = [
    "Dank je wel voor je hulp bij de verhuizing van het archief.",
    "Je bleef rustig toen de telefoon bij het klantcontactcentrum roodgloeiend stond.",
    "Wat fijn dat je altijd even vraagt hoe het gaat, ook als het druk is.",
    "Jouw ideeën voor de coördinatie van de wijkschouw hebben ons veel tijd bespaard.",
    "Je legde een inwoner geduldig uit hoe de aanvraag voor bijzondere bijstand werkt – twee "
    "keer, zonder te zuchten.",
    "Elke maandag staat er koffie klaar, en soms zelfs taart van het café om de hoek.",
    "Je nam het initiatief om de ‘oude’ werkinstructies te herschrijven.",
    "Bedankt dat je inviel toen ik ziek was; ik kon met een gerust hart thuisblijven.",
    "Je zegt het gewoon als iets niet klopt, en dat waardeer ik enorm.",
    "Het overleg met de bewonerscommissie van de Ĳsselstraat ging dankzij jou heel goed.",
    "Één woord: geweldig!",
    "Je hebt de nieuwe collega’s zo hartelijk ontvangen dat ze zich meteen thuis voelden.",
    "Zonder jouw rekenbladkunsten was de begroting nooit op tijd af geweest.",
    "Je luistert echt, ook naar het verhaal achter de vraag.",
    "Op de vrijdagmiddag voor de deadline hielp je nog drie dossiers afmaken.",
    "Dank voor je heldere uitleg over de Omgevingswet tijdens de lunchbijeenkomst.",
    "Je afspraken kom je altijd na, en dat maakt samenwerken zo prettig.",
    "Jij zorgt ervoor dat iedereen gehoord wordt in het teamoverleg.",
    "De arbeidsongeschiktheidsverzekeringsaanvraag van die mevrouw was ingewikkeld, maar jij "
    "bleef vriendelijk.",
    "Je durfde ‘nee’ te zeggen tegen een onhaalbare planning, en je had gelijk.",
]
GIFTS = ("Chocolade", "Bloemen")
ANONYMOUS_SHARE = 0.15
WITHOUT_GIFT_SHARE = 0.10
LOCATION_SKEW = 0.8  # location sizes fall off as 1 / rank^skew: one big town hall, small sites


@dataclass
class Seeded:
    campaign_id: int
    compliment_ids: list[int]  # by card number
    cards_per_location: dict[int, int]  # location id -> approved compliments
    location_names: dict[int, str]
    anonymous: int
    reason_lengths: list[int]
    logo_bytes: int
    unsupported: set[str]
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def _logo_png() -> bytes:
    """A drawn logo (a white heart on a red disc, with a wordmark), stored as an upload is."""
    import io

    from PIL import Image, ImageDraw

    from backend.common.fonts import load_font
    from campaigns.compliments.logos import normalised_logo

    image = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 760, 760), fill="#C8102E")
    draw.ellipse((210, 200, 410, 400), fill="#FFFFFF")
    draw.ellipse((390, 200, 590, 400), fill="#FFFFFF")
    draw.polygon([(222, 340), (578, 340), (400, 580)], fill="#FFFFFF")
    draw.text((400, 680), "Kaartstad", font=load_font("bold", 96), fill="#FFFFFF", anchor="ms")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return normalised_logo(buffer.getvalue())


def _reason(rng) -> str:
    """Dutch sentences up to a length drawn from short notes to the 600-character maximum."""
    from campaigns.compliments.models import REASON_MAX_LENGTH

    kind = rng.random()
    if kind < 0.3:
        target = rng.randint(20, 120)
    elif kind < 0.8:
        target = rng.randint(120, 350)
    else:
        target = rng.randint(350, REASON_MAX_LENGTH)
    text = ""
    sentences = rng.sample(SENTENCES, len(SENTENCES))  # no sentence twice in one message
    while len(text) < target and sentences:
        text = f"{text} {sentences.pop()}".strip()
    if len(text) > REASON_MAX_LENGTH:
        text = text[:REASON_MAX_LENGTH].rsplit(" ", 1)[0]
    return text


def seed(scale: CardsScale):
    import random

    from django.db import connection

    from backend.organisations.models import Organisation
    from benchmarks.seeding import Clock, vacuum_analyze

    rng = random.Random(scale.random_seed)
    organisation = Organisation.objects.create(name="Kaartstad", slug="kaartstad")
    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    clock = Clock(timings, rows)

    def run(label, function, *args, count=len):
        """``function(*args)`` timed by the clock, which records ``count(result)`` rows."""
        result = None

        def call():
            nonlocal result
            result = function(*args)
            return count(result)

        clock.run(label, call)
        return result

    places = run(
        "departments and locations",
        _seed_places,
        organisation,
        scale,
        count=lambda ids: len(ids[0]) + len(ids[1]),
    )
    employee_ids = run("employees", _seed_employees, organisation, scale, places, rng)
    campaign, logo_bytes = run("campaign", _seed_campaign, organisation, count=lambda _result: None)
    seeded = run(
        "compliments",
        _seed_compliments,
        campaign,
        scale,
        employee_ids,
        rng,
        count=lambda result: len(result.compliment_ids),
    )
    if connection.vendor == "postgresql":
        clock.run("vacuum analyze", vacuum_analyze, atomic=False)  # not inside a transaction
    seeded.logo_bytes = logo_bytes
    seeded.timings, seeded.rows = timings, rows
    return seeded


def _seed_places(organisation, scale: CardsScale):
    from backend.organisations.models import Department, Location

    names = [f"{place} {area}" for place in PLACES for area in AREAS]
    names += [f"Locatie {n}" for n in range(len(names), scale.locations)]
    locations = Location.objects.bulk_create(
        Location(organisation=organisation, name=name, city="Kaartstad")
        for name in names[: scale.locations]
    )
    departments_names = DEPARTMENTS + [f"Team {n}" for n in range(scale.departments)]
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=name)
        for name in departments_names[: scale.departments]
    )
    return [location.pk for location in locations], [department.pk for department in departments]


def _seed_employees(organisation, scale: CardsScale, places, rng) -> list[int]:
    """Users and employees; one employee at every location, the rest skewed to the big ones."""
    from django.contrib.auth import get_user_model

    from backend.organisations.models import Employee, search_key
    from benchmarks.seeding import BATCH_SIZE

    location_ids, department_ids = places
    weights = [1 / (rank + 1) ** LOCATION_SKEW for rank in range(len(location_ids))]
    users = get_user_model().objects.bulk_create(
        (
            get_user_model()(username=f"kaart-{n:05d}", password="!", is_active=True)
            for n in range(scale.employees)
        ),
        batch_size=BATCH_SIZE,
    )
    employees = []
    for n, user in enumerate(users):
        first = rng.choice(FIRST_NAMES)
        prefix, last = rng.choice(LAST_NAMES)
        location = (
            location_ids[n]
            if n < len(location_ids)
            else rng.choices(location_ids, weights=weights)[0]
        )
        employees.append(
            Employee(
                organisation=organisation,
                user=user,
                employee_number=f"K{n:05d}",
                first_name=first,
                name_prefix=prefix,
                last_name=last,
                search_text=search_key(" ".join(p for p in (first, prefix, last) if p)),
                department_id=rng.choice(department_ids),
                location_id=location,
            )
        )
    Employee.objects.bulk_create(employees, batch_size=BATCH_SIZE)
    return [employee.pk for employee in employees]


def _seed_campaign(organisation):
    from django.core.files.base import ContentFile

    from campaigns.compliments.models import Campaign, GiftOption
    from campaigns.compliments.services import campaign_values_default_add

    logo = _logo_png()
    campaign = Campaign(
        organisation=organisation,
        name="Valentijn 2027",
        nomination_starts_on=datetime.date(2027, 1, 18),
        nomination_ends_on=datetime.date(2027, 2, 7),
        delivery_date=datetime.date(2027, 2, 14),
    )
    campaign.logo.save("logo.png", ContentFile(logo), save=False)
    campaign.save()
    campaign_values_default_add(campaign=campaign)
    GiftOption.objects.bulk_create(
        GiftOption(campaign=campaign, name=name, position=position)
        for position, name in enumerate(GIFTS)
    )
    return campaign, len(logo)


def _seed_compliments(campaign, scale: CardsScale, employee_ids, rng) -> Seeded:
    import hashlib

    from django.utils import timezone

    from backend.organisations.models import Employee, Location
    from campaigns.compliments.card_documents import unsupported_characters_for
    from campaigns.compliments.models import Compliment, ModerationStatus

    now = timezone.now()
    employees = Employee.objects.in_bulk(employee_ids)
    value_ids = list(campaign.values.order_by("position").values_list("pk", "name"))
    gifts = list(campaign.gifts.order_by("position"))
    moderator = employee_ids[0]
    compliments, chosen_values, unsupported = [], [], set()
    for number in range(1, scale.compliments + 1):
        recipient_id, sender_id = rng.sample(employee_ids, 2)
        reason = _reason(rng)
        gift = None if rng.random() < WITHOUT_GIFT_SHARE else rng.choice(gifts)
        values = rng.sample(value_ids, rng.choice((1, 1, 2, 2, 3)))
        chosen_values.append(values)
        unsupported |= unsupported_characters_for(
            campaign=campaign,
            recipient=employees[recipient_id],
            sender=employees[sender_id],
            values=[name for _pk, name in values],
            reason=reason,
            gift=gift.name if gift else None,
        )
        compliments.append(
            Compliment(
                campaign=campaign,
                sender_id=sender_id,
                recipient_id=recipient_id,
                location_id=employees[recipient_id].location_id,
                reason=reason,
                gift=gift,
                is_anonymous=rng.random() < ANONYMOUS_SHARE,
                content_digest=hashlib.sha256(reason.encode()).hexdigest(),
                status=ModerationStatus.APPROVED,
                moderated_by_id=moderator,
                moderated_at=now,
                card_number=number,
            )
        )
    Compliment.objects.bulk_create(compliments, batch_size=500)
    through = Compliment.values.through
    through.objects.bulk_create(
        (
            through(compliment_id=compliment.pk, campaignvalue_id=value_pk)
            for compliment, values in zip(compliments, chosen_values, strict=True)
            for value_pk, _name in values
        ),
        batch_size=2_000,
    )
    per_location: dict[int, int] = {}
    for compliment in compliments:
        per_location[compliment.location_id] = per_location.get(compliment.location_id, 0) + 1
    names = dict(
        Location.objects.filter(organisation=campaign.organisation).values_list("pk", "name")
    )
    return Seeded(
        campaign_id=campaign.pk,
        compliment_ids=[compliment.pk for compliment in compliments],
        cards_per_location={pk: per_location.get(pk, 0) for pk in names},
        location_names=names,
        anonymous=sum(compliment.is_anonymous for compliment in compliments),
        reason_lengths=sorted(len(compliment.reason) for compliment in compliments),
        logo_bytes=0,
        unsupported=unsupported,
    )


# --- Measuring in forked processes -------------------------------------------------------------


@dataclass
class Share:
    """What one process did: its items (key, bytes) and what that cost it."""

    pid: int
    seconds: float
    items: list[tuple[int, int]]
    rss_start_kb: int  # inherited at the fork
    rss_peak_kb: int  # ru_maxrss: the process's high-water mark
    traced_peak: int | None = None  # bytes, tracemalloc
    traced_retained: int | None = None  # still allocated afterwards, after a collection


@dataclass
class Measurement:
    label: str
    processes: int
    wall: float
    shares: list[Share]

    @property
    def items(self) -> list[tuple[int, int]]:
        return [item for share in self.shares for item in share.items]

    @property
    def total_bytes(self) -> int:
        return sum(size for _key, size in self.items)

    @property
    def rss_peak_mb(self) -> float:
        return max(share.rss_peak_kb for share in self.shares) / 1024

    @property
    def rss_growth_mb(self) -> float:
        return max(share.rss_peak_kb - share.rss_start_kb for share in self.shares) / 1024

    @property
    def traced_peak_mb(self) -> float:
        return max(share.traced_peak or 0 for share in self.shares) / 2**20

    @property
    def traced_retained_mb(self) -> float:
        return max(share.traced_retained or 0 for share in self.shares) / 2**20


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _run_share(task, args, traced: bool) -> Share:
    """Runs in a forked worker: one task on one share of the work."""
    gc.collect()
    rss_start = _rss_kb()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    items = task(*args)
    seconds = time.perf_counter() - started
    share = Share(
        pid=os.getpid(),
        seconds=seconds,
        items=items,
        rss_start_kb=rss_start,
        rss_peak_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # kB on Linux
    )
    if traced:
        gc.collect()
        share.traced_retained, share.traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return share


def _measure(label: str, task, shares: list[tuple], *, traced: bool = False) -> Measurement:
    """``task(*share)`` for every share, each in its own freshly forked process, all at once.
    The wall time includes forking the processes and collecting their results."""
    from django.db import connections

    connections.close_all()  # a forked child must not share the parent's connection
    print(f"  {label} ...", end="", flush=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=len(shares), mp_context=get_context("fork")) as pool:
        futures = [pool.submit(_run_share, task, share, traced) for share in shares]
        results = [future.result() for future in futures]
    wall = time.perf_counter() - started
    if len({share.pid for share in results}) != len(shares):
        raise RuntimeError(f"{label}: the shares did not each get their own process")
    print(f" {wall:.1f} s", flush=True)
    return Measurement(label, len(shares), wall, results)


def _split(items: list, parts: int) -> list[list]:
    return [items[part::parts] for part in range(parts)]


def _balanced(cards_per_location: dict[int, int], parts: int) -> list[list[int]]:
    """Locations over ``parts`` shares with about as many cards each (largest first)."""
    shares: list[list[int]] = [[] for _ in range(parts)]
    totals = [0] * parts
    for pk, cards in sorted(cards_per_location.items(), key=lambda item: -item[1]):
        smallest = totals.index(min(totals))
        shares[smallest].append(pk)
        totals[smallest] += cards
    return shares


# --- Tasks (run in the workers) ----------------------------------------------------------------


def png_task(compliment_ids: list[int]) -> list[tuple[int, int]]:
    """Every card PNG through the API's function, the compliments loaded as its selectors do
    (with_card_details), a chunk at a time."""
    from campaigns.compliments import card_documents
    from campaigns.compliments.models import Compliment

    items = []
    step = card_documents.ITERATOR_CHUNK
    for start in range(0, len(compliment_ids), step):
        chunk = compliment_ids[start : start + step]
        compliments = card_documents.with_card_details(
            Compliment.objects.filter(pk__in=chunk)
        ).order_by("card_number")
        for compliment in compliments:
            items.append((compliment.pk, len(card_documents.compliment_card_png(compliment))))
    return items


def location_pdf_task(kind: str, campaign_id: int, location_ids, folder: str):
    """Each location's print sheets (kind "kaarten") or handout list ("uitdeellijst") as a
    file in ``folder``; returns (location id, bytes) per file."""
    from backend.organisations.models import Location
    from campaigns.compliments import card_documents
    from campaigns.compliments.models import Campaign

    write = {
        "kaarten": card_documents.location_print_pdf,
        "uitdeellijst": card_documents.location_handout_pdf,
    }[kind]
    campaign = Campaign.objects.select_related("organisation").get(pk=campaign_id)
    items = []
    for location in Location.objects.filter(pk__in=location_ids):
        path = Path(folder) / f"{kind}-{location.pk}.pdf"
        with path.open("wb") as output:
            write(campaign, location, output)
        items.append((location.pk, path.stat().st_size))
    return items


def comparison_task(approach: str, groups, logo_png: bytes, folder: str):
    """One PDF per group of layouts (a location's cards) with ``approach``."""
    items = []
    for index, layouts in enumerate(groups):
        path = Path(folder) / f"{approach}-{index}.pdf"
        with path.open("wb") as output:
            APPROACHES[approach][1](layouts, output, logo_png)
        items.append((index, path.stat().st_size))
    return items


def scaling_task(approach: str, layouts, cards: int, logo_png: bytes, folder: str):
    """One PDF of ``cards`` cards (the sample's layouts over and over) with ``approach``."""
    repeated = (layouts[n % len(layouts)] for n in range(cards))
    path = Path(folder) / f"schaal-{approach}-{cards}.pdf"
    with path.open("wb") as output:
        APPROACHES[approach][1](repeated, output, logo_png)
    return [(cards, path.stat().st_size)]


# --- The three ways to make the print PDF --------------------------------------------------------


def vector_pdf(layouts, output, logo_png: bytes) -> None:
    """(i) The project's print sheets: reportlab, vector text in the embedded font."""
    from campaigns.compliments.print_sheets import print_sheets_pdf

    print_sheets_pdf(layouts, output, logo_png=logo_png, title="Vergelijking")


def _card_images(layouts, logo_png: bytes):
    """Each layout as a 300 dpi Pillow image, one at a time."""
    from campaigns.compliments.card_rendering import card_image
    from campaigns.compliments.logos import logo_image

    logo = logo_image(logo_png) if logo_png else None
    for layout in layouts:
        yield card_image(layout, logo, scale=PRINT_DPI / MM_PER_INCH)


def reportlab_images_pdf(layouts, output, logo_png: bytes) -> None:
    """(ii) reportlab placing 300 dpi card images in the same 2 x 2 A4 grid with cut marks."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from campaigns.compliments import print_sheets
    from campaigns.compliments.card_layout import CARD_HEIGHT, CARD_WIDTH

    canvas = Canvas(
        output,
        pagesize=(print_sheets.SHEET_WIDTH, print_sheets.SHEET_HEIGHT),
        pageCompression=1,
    )
    canvas.setTitle("Vergelijking")
    left, bottom = print_sheets._origin()
    for count, image in enumerate(_card_images(layouts, logo_png)):
        slot = count % print_sheets.CARDS_PER_SHEET
        if slot == 0 and count:
            canvas.showPage()
        if slot == 0:
            print_sheets._cut_marks(canvas)
        column, row = slot % print_sheets.COLUMNS, slot // print_sheets.COLUMNS
        x = left + column * CARD_WIDTH * mm
        y = bottom + (print_sheets.ROWS - row - 1) * CARD_HEIGHT * mm  # the card's lower edge
        canvas.drawImage(ImageReader(image), x, y, CARD_WIDTH * mm, CARD_HEIGHT * mm)
    canvas.showPage()
    canvas.save()


def pillow_pdf(layouts, output, logo_png: bytes) -> None:
    """(iii) Pillow's own PDF: a 300 dpi A4 page image per four cards, with the cut marks
    drawn in, saved with save_all/append_images (Pillow stores RGB pages as JPEG)."""
    from PIL import Image, ImageDraw

    from campaigns.compliments import print_sheets
    from campaigns.compliments.card_layout import CARD_HEIGHT, CARD_WIDTH

    def px(points: float) -> int:
        return round(points / 72 * PRINT_DPI)

    page_size = (px(print_sheets.SHEET_WIDTH), px(print_sheets.SHEET_HEIGHT))
    left, bottom = print_sheets._origin()
    card_px = PRINT_DPI / MM_PER_INCH
    grid_left = px(left)
    grid_top = page_size[1] - px(bottom) - round(print_sheets.ROWS * CARD_HEIGHT * card_px)
    grid_right = grid_left + round(print_sheets.COLUMNS * CARD_WIDTH * card_px)
    grid_bottom = page_size[1] - px(bottom)
    gap, length = px(print_sheets.CUT_MARK_GAP), px(print_sheets.CUT_MARK_LENGTH)

    def new_page():
        page = Image.new("RGB", page_size, "#FFFFFF")
        draw = ImageDraw.Draw(page)
        for column in range(print_sheets.COLUMNS + 1):
            x = grid_left + round(column * CARD_WIDTH * card_px)
            draw.line([(x, grid_top - gap - length), (x, grid_top - gap)], fill="#000000")
            draw.line([(x, grid_bottom + gap), (x, grid_bottom + gap + length)], fill="#000000")
        for row in range(print_sheets.ROWS + 1):
            y = grid_top + round(row * CARD_HEIGHT * card_px)
            draw.line([(grid_left - gap - length, y), (grid_left - gap, y)], fill="#000000")
            draw.line([(grid_right + gap, y), (grid_right + gap + length, y)], fill="#000000")
        return page

    pages = []
    for count, image in enumerate(_card_images(layouts, logo_png)):
        slot = count % print_sheets.CARDS_PER_SHEET
        if slot == 0:
            pages.append(new_page())
        column, row = slot % print_sheets.COLUMNS, slot // print_sheets.COLUMNS
        pages[-1].paste(
            image,
            (
                grid_left + round(column * CARD_WIDTH * card_px),
                grid_top + round(row * CARD_HEIGHT * card_px),
            ),
        )
    pages = pages or [new_page()]
    pages[0].save(
        output,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=PRINT_DPI,
        title="Vergelijking",
    )


APPROACHES = {
    "vector": ("reportlab, vector text (`print_sheets_pdf`, in use)", vector_pdf),
    "images": ("reportlab placing 300 dpi Pillow card images", reportlab_images_pdf),
    "pillow": ("Pillow multi-page PDF of 300 dpi page images", pillow_pdf),
}


# --- The run -----------------------------------------------------------------------------------


@dataclass
class Figures:
    scale: CardsScale
    seeded: Seeded
    migrate_seconds: float
    load: tuple[float, float]
    pngs: list[Measurement]  # 1 process, the pool, traced
    prints: list[Measurement]
    handouts: list[Measurement]
    sample_cards: list[int]  # per sample location
    sample_layout_seconds: float
    comparison: dict[str, list[Measurement]]  # approach -> [timed, traced]
    scaling: list[tuple[str, int, Measurement, Measurement | None]]  # cards, timed, traced
    others: "CpuShare"  # what else ran on the machine while measuring
    checks: list[str]


def _run(scale: CardsScale, args, bench_db) -> int:
    print(f"Benchmark database: {bench_db.engine} ({bench_db.url})")
    migrate_seconds = database.migrate()
    print(f"  migrate {migrate_seconds:.1f} s")
    started = time.perf_counter()
    seeded = seed(scale)
    print(f"  seeded in {time.perf_counter() - started:.0f} s")
    if seeded.unsupported:
        print(f"  characters the font lacks (drawn as base letters): {sorted(seeded.unsupported)}")

    folder = Path(bench_db.temp_dir) / "documents"
    folder.mkdir()
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_times()
    print("Measuring (every line in freshly forked processes):", flush=True)
    ids, workers = seeded.compliment_ids, scale.workers
    pngs = [
        _measure("card PNGs, 1 process", png_task, [(ids,)]),
        _measure(f"card PNGs, {workers} workers", png_task, [(s,) for s in _split(ids, workers)]),
        _measure(
            f"first {TRACED_CARDS} card PNGs, tracemalloc",
            png_task,
            [(ids[:TRACED_CARDS],)],
            traced=True,
        ),
        _measure("one card PNG in a fresh process", png_task, [(ids[:1],)]),
    ]
    documents = {}
    everything = list(seeded.cards_per_location)
    shares = _balanced(seeded.cards_per_location, workers)
    largest = max(everything, key=seeded.cards_per_location.get)
    for kind in ("kaarten", "uitdeellijst"):
        documents[kind] = [
            _measure(
                f"{kind} PDFs, 1 process",
                location_pdf_task,
                [(kind, seeded.campaign_id, everything, str(folder))],
            ),
            _measure(
                f"{kind} PDFs, {workers} workers",
                location_pdf_task,
                [(kind, seeded.campaign_id, share, str(folder)) for share in shares],
            ),
            _measure(
                f"{kind} PDF of the largest location, tracemalloc",
                location_pdf_task,
                [(kind, seeded.campaign_id, [largest], str(folder))],
                traced=True,
            ),
        ]
    checks = _checks(seeded, folder, pngs[0], documents["kaarten"][0])

    sample, sample_cards, layout_seconds, logo_png = _sample(seeded, scale)
    comparison = {}
    biggest_group = [max(sample, key=len)]
    for approach in APPROACHES:
        comparison[approach] = [
            _measure(
                f"sample as {approach}",
                comparison_task,
                [(approach, sample, logo_png, str(folder))],
            ),
            _measure(
                f"largest sample location as {approach}, tracemalloc",
                comparison_task,
                [(approach, biggest_group, logo_png, str(folder))],
                traced=True,
            ),
        ]
    flat = [layout for group in sample for layout in group]
    scaling = []
    for approach, cards, traced in SCALING:
        task_args = [(approach, flat, cards, logo_png, str(folder))]
        label = f"one {approach} PDF of {cards} cards"
        scaling.append(
            (
                approach,
                cards,
                _measure(label, scaling_task, task_args),
                _measure(f"{label}, tracemalloc", scaling_task, task_args, traced=True)
                if traced
                else None,
            )
        )
    load_after = os.getloadavg()[0]
    others = _others(cpu_before, _cpu_times())

    figures = Figures(
        scale=scale,
        seeded=seeded,
        migrate_seconds=migrate_seconds,
        load=(load_before, load_after),
        pngs=pngs,
        prints=documents["kaarten"],
        handouts=documents["uitdeellijst"],
        sample_cards=sample_cards,
        sample_layout_seconds=layout_seconds,
        comparison=comparison,
        scaling=scaling,
        checks=checks,
        others=others,
    )
    body = render(figures)
    print()
    print(body)
    print()
    print(summary(figures))
    if args.write_doc:
        from benchmarks import report

        report.write_doc(bench_db.engine, body, section="cards")
    return 0


@dataclass(frozen=True)
class CpuShare:
    other_processes: float  # of all CPUs' time: busy, but not this benchmark
    stolen: float  # taken by the hypervisor for other machines


def _cpu_times() -> tuple[float, float, float, float]:
    """(wall, machine busy, stolen, this benchmark's own) CPU seconds so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    own = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):  # workers, once joined
        usage = resource.getrusage(who)
        own += usage.ru_utime + usage.ru_stime
    busy = (user + nice + system + irq + softirq) / ticks
    return time.monotonic(), busy, steal / ticks, own


def _others(before, after) -> CpuShare:
    """How much of the machine other processes (a test suite, say) and the hypervisor took
    while measuring: they slow the timings down, most of all the worker pool's."""
    capacity = (after[0] - before[0]) * (os.cpu_count() or 1)
    if capacity <= 0:
        return CpuShare(0.0, 0.0)
    other = (after[1] - before[1]) - (after[3] - before[3])
    return CpuShare(max(0.0, other / capacity), (after[2] - before[2]) / capacity)


def _sample(seeded: Seeded, scale: CardsScale):
    """The layouts of the locations nearest the median size, as many as asked for."""
    from backend.organisations.models import Location
    from campaigns.compliments import card_documents
    from campaigns.compliments.models import Campaign

    by_size = sorted(seeded.cards_per_location.items(), key=lambda item: item[1])
    middle = len(by_size) // 2
    start = max(0, middle - scale.sample_locations // 2)
    chosen = [pk for pk, _cards in by_size[start : start + scale.sample_locations]]
    campaign = Campaign.objects.select_related("organisation").get(pk=seeded.campaign_id)
    started = time.perf_counter()
    groups = [
        list(
            card_documents._layouts(
                campaign,
                card_documents.location_compliments(campaign, Location.objects.get(pk=pk)),
            )
        )
        for pk in chosen
    ]
    layout_seconds = time.perf_counter() - started
    logo_png = card_documents.campaign_logo_png(campaign)
    return groups, [len(group) for group in groups], layout_seconds, logo_png


def _checks(seeded: Seeded, folder: Path, pngs: Measurement, prints: Measurement) -> list[str]:
    """That every card was drawn and every print PDF has a sheet per four cards."""
    from pypdf import PdfReader

    problems = []
    if sorted(key for key, _size in pngs.items) != sorted(seeded.compliment_ids):
        problems.append("not every compliment got its PNG")
    for pk, _size in prints.items:
        pages = len(PdfReader(folder / f"kaarten-{pk}.pdf").pages)
        expected = max(1, math.ceil(seeded.cards_per_location[pk] / 4))
        if pages != expected:
            problems.append(f"location {pk}: {pages} sheets, expected {expected}")
    return problems


# --- Reporting ---------------------------------------------------------------------------------


def _mb(size: float) -> str:
    if size >= 2**30:
        return f"{size / 2**30:.1f} GB"
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def _row(label: str, timed: Measurement, traced: Measurement, items: int) -> str:
    busy = " + ".join(f"{share.seconds:.1f}" for share in timed.shares)
    return (
        f"| {label} | {timed.processes} | {timed.wall:.1f} | {busy} | "
        f"{timed.wall * 1000 / items:.1f} | "
        f"{timed.rss_peak_mb:.0f} (+{timed.rss_growth_mb:.0f}) | "
        f"{traced.traced_peak_mb:.1f} |"
    )


def total_with_pool(figures: Figures) -> float:
    return figures.pngs[1].wall + figures.prints[1].wall + figures.handouts[1].wall


def render(figures: Figures) -> str:
    from benchmarks.report import database_version, machine

    scale, seeded = figures.scale, figures.seeded
    cards = len(seeded.compliment_ids)
    counts = sorted(seeded.cards_per_location.values())
    lengths = seeded.reason_lengths
    seeding = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in seeded.timings.items())
    single, _pool, traced_pngs, cold = figures.pngs
    png_sizes = [size for _key, size in single.items]
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {machine()}",
        f"· {database_version()}.",
        "",
        f"Scale: {cards:,} approved compliments of one campaign (logo {_mb(seeded.logo_bytes)}, "
        f"6 values, {len(GIFTS)} gifts) for {scale.employees:,} employees in "
        f"{scale.departments} departments, handed out at {len(counts)} locations with "
        f"{counts[0]} to {counts[-1]} cards (median {counts[len(counts) // 2]}); reasons of "
        f"{lengths[0]} to {lengths[-1]} characters (median {lengths[len(lengths) // 2]}), "
        f"{seeded.anonymous} anonymous senders.",
        "",
        f"Seeding took {sum(seeded.timings.values()):.0f} s after a "
        f"{figures.migrate_seconds:.0f} s migrate ({seeding}). Load average while measuring: "
        f"{figures.load[0]:.1f} before, {figures.load[1]:.1f} after; other processes used "
        f"{figures.others.other_processes:.0%} of the {os.cpu_count()} CPUs meanwhile, the "
        f"hypervisor took {figures.others.stolen:.0%}.",
        "",
        "| measured | processes | wall s | busy s per process | ms per item (wall) | peak RSS "
        "MB per process (+ growth) | Python peak MB (tracemalloc) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    locations = len(counts)
    rows = [
        (f"{cards:,} card PNGs (`compliment_card_png`)", figures.pngs, cards),
        (f"{locations} print PDFs (`location_print_pdf`)", figures.prints, locations),
        (f"{locations} handout PDFs (`location_handout_pdf`)", figures.handouts, locations),
    ]
    for label, (one, many, traced, *_rest), items in rows:
        lines.append(_row(label, one, traced, items))
        lines.append(_row(label, many, traced, items))
    total = total_with_pool(figures)
    verdict = "met" if total < TARGET_SECONDS else "**missed**"
    single_total = single.wall + figures.prints[0].wall + figures.handouts[0].wall
    lines += [
        "",
        f"**All of it with {scale.workers} workers: {total:.1f} s** (target under "
        f"{TARGET_SECONDS} s: {verdict}); in one process {single_total:.1f} s. Wall time "
        "includes forking the processes; a fresh process draws its first card PNG in "
        f"{cold.shares[0].seconds * 1000:.0f} ms (loading fonts and the logo). Python peaks: "
        f"the first {min(TRACED_CARDS, cards)} PNGs, and the PDFs of the location with the "
        f"most cards.",
        "",
    ]
    print_sizes = sorted((size, pk) for pk, size in figures.prints[0].items)
    handout_sizes = sorted(size for _pk, size in figures.handouts[0].items)
    largest, smallest = print_sizes[-1], print_sizes[0]
    lines += [
        f"Files: PNGs {_mb(sum(png_sizes))} in total, {_mb(sum(png_sizes) / len(png_sizes))} on "
        f"average ({_mb(min(png_sizes))} to {_mb(max(png_sizes))}); print PDFs "
        f"{_mb(sum(size for size, _pk in print_sizes))} in total, the largest "
        f"{_mb(largest[0])} ({seeded.cards_per_location[largest[1]]} cards), the smallest "
        f"{_mb(smallest[0])} ({seeded.cards_per_location[smallest[1]]} cards); handout PDFs "
        f"{_mb(sum(handout_sizes))} in total, {_mb(handout_sizes[0])} to "
        f"{_mb(handout_sizes[-1])}. Python memory still held after the PNGs "
        f"(caches: fonts, logo): {traced_pngs.traced_retained_mb:.1f} MB.",
    ]
    if figures.checks:
        lines += ["", "**Checks failed:** " + "; ".join(figures.checks)]
    else:
        lines += [
            "",
            "Checked: every compliment got its PNG, every print PDF has one sheet per four cards.",
        ]

    sample_cards = sum(figures.sample_cards)
    lines += [
        "",
        f"PDF libraries on a sample of {len(figures.sample_cards)} locations "
        f"({' + '.join(str(n) for n in figures.sample_cards)} = {sample_cards} cards, one PDF "
        f"per location; laying the cards out from the database took "
        f"{figures.sample_layout_seconds:.2f} s and is left out below), 1 process each; the "
        "Python peak is that of the largest of the locations:",
        "",
        "| approach | s | ms per card | peak RSS MB (+ growth) | Python peak MB | size | "
        f"KB per card | {cards:,} cards: s | {cards:,} cards: size |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for approach, (timed, traced) in figures.comparison.items():
        size = timed.total_bytes
        lines.append(
            f"| {APPROACHES[approach][0]} | {timed.wall:.1f} | "
            f"{timed.wall * 1000 / sample_cards:.0f} | "
            f"{timed.rss_peak_mb:.0f} (+{timed.rss_growth_mb:.0f}) | "
            f"{traced.traced_peak_mb:.1f} | {_mb(size)} | {size / 1024 / sample_cards:.0f} | "
            f"{timed.wall * cards / sample_cards:.0f} | {_mb(size * cards / sample_cards)} |"
        )
    lines += [
        "",
        "Memory within one PDF as its cards grow (the sample's layouts repeated; every "
        "approach keeps the finished pages until it writes the file):",
        "",
        "| approach | cards in the file | s | peak RSS MB (+ growth) | Python peak MB | size |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for approach, count, timed, traced in figures.scaling:
        python_peak = f"{traced.traced_peak_mb:.1f}" if traced else "–"
        lines.append(
            f"| {approach} | {count:,} | {timed.wall:.1f} | {timed.rss_peak_mb:.0f} "
            f"(+{timed.rss_growth_mb:.0f}) | {python_peak} | {_mb(timed.total_bytes)} |"
        )
    biggest = max(seeded.cards_per_location.values())
    growth = []
    for approach in APPROACHES:
        runs = [
            (count, timed, traced) for a, count, timed, traced in figures.scaling if a == approach
        ]
        if len(runs) < 2:
            continue
        (few, low, low_traced), (many, high, high_traced) = runs[0], runs[-1]
        if low_traced and high_traced:  # Python objects: RSS barely shows them (see above)
            per_card = (high_traced.traced_peak_mb - low_traced.traced_peak_mb) / (many - few)
            measure = "Python peak"
        else:  # Pillow's pixel buffers: outside tracemalloc's view
            per_card = (high.rss_growth_mb - low.rss_growth_mb) / (many - few)
            measure = "RSS"
        growth.append(
            f"{approach} {_mb(per_card * 2**20)} per card ({measure}; "
            f"{_mb(per_card * biggest * 2**20)} more for the largest location's {biggest} "
            f"cards, {_mb(per_card * cards * 2**20)} for {cards:,} cards in one file)"
        )
    if growth:
        lines += ["", "Memory held until the file is written: " + "; ".join(growth) + "."]
    return "\n".join(lines)


def summary(figures: Figures) -> str:
    total = total_with_pool(figures)
    status = "MET" if total < TARGET_SECONDS else "MISSED"
    return (
        f"Target: {len(figures.seeded.compliment_ids):,} card PNGs + "
        f"{len(figures.seeded.cards_per_location)} print PDFs + handout lists with "
        f"{figures.scale.workers} workers in {total:.1f} s (under {TARGET_SECONDS} s: {status})."
        + (f" CHECKS FAILED: {'; '.join(figures.checks)}" if figures.checks else "")
        + (
            f" Other processes used {figures.others.other_processes:.0%} of the CPUs while "
            "measuring: rerun on a quiet machine before recording the figures."
            if figures.others.other_processes > BUSY_MACHINE
            else ""
        )
    )


if __name__ == "__main__":
    sys.exit(main())
