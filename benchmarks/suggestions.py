"""``python -m benchmarks suggestions`` (``make bench-suggestions``): seed a throw-away database
with one municipality's rule reports (10,000 by default, about 70% still open) and time the
duplicate check the app runs while someone types a new report: ``similar_open_reports`` for
about 30 different texts, and the same through ``GET /api/v1/regelmeldingen/suggesties``.
PostgreSQL answers with Dutch full-text search, SQLite with word matches. Prints the figures
and, with --write-doc, records them in docs/performance.md.
"""

import argparse
import datetime
import os
import random
import sys
import time
from dataclasses import dataclass, field

from benchmarks import database
from benchmarks.scale import env_int

COMMAND = ".venv/bin/python -m benchmarks suggestions --write-doc"
WARM_UP_CALLS = 3
OPEN_SHARE = 0.70


@dataclass(frozen=True)
class SuggestionsScale:
    reports: int = 10_000
    employees: int = 2_000
    rounds: int = 3  # every query text is timed this many times
    random_seed: int = 20_261_201


SIZES = {
    "reports": "rule reports in the organisation",
    "employees": "employees (reporters and followers)",
    "rounds": "times every query text is timed",
}


def parse_args(argv=None) -> tuple[SuggestionsScale, argparse.Namespace]:
    defaults = SuggestionsScale()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks suggestions",
        description=(
            "Seed a throw-away database with rule reports and time the similar-report "
            "suggestions. PostgreSQL: set BENCH_DATABASE_URL. Every size can also be set as "
            "BENCH_SUGGESTIONS_<FLAG> (e.g. BENCH_SUGGESTIONS_REPORTS=1000)."
        ),
    )
    for name, help_text in SIZES.items():
        parser.add_argument(
            f"--{name}",
            type=int,
            default=env_int(f"suggestions_{name}", getattr(defaults, name)),
            help=f"{help_text} (default {getattr(defaults, name):,})",
        )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="rewrite this database's suggestion figures in docs/performance.md",
    )
    parser.add_argument("--explain", action="store_true", help="print the query plan")
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database afterwards"
    )
    args = parser.parse_args(argv)
    scale = SuggestionsScale(**{name: getattr(args, name) for name in SIZES})
    if scale.reports < 1 or scale.employees < 2 or scale.rounds < 1:
        parser.error("--reports and --rounds must be at least 1, --employees at least 2")
    return scale, args


def main(argv=None) -> int:
    return database.run_on_throwaway_database(parse_args, _run, argv)


# --- Texts -------------------------------------------------------------------------------------

PRODUCTS = [
    "een parkeervergunning", "een omgevingsvergunning", "bijzondere bijstand", "een kapvergunning",
    "een evenementenvergunning", "een gehandicaptenparkeerkaart", "een uittreksel uit de BRP",
    "een nieuw paspoort", "een verlenging van het rijbewijs", "schuldhulpverlening",
    "een Wmo-voorziening", "een afvalpas", "kwijtschelding van de gemeentelijke belastingen",
    "een standplaatsvergunning", "een terrasvergunning", "een huwelijk op locatie",
    "een verhuizing binnen de gemeente", "een urgentieverklaring", "leerlingenvervoer",
    "een ontheffing voor de milieuzone", "een bewonersparkeerplaats", "een subsidie voor "
    "buurtinitiatieven", "een bijstandsuitkering", "een tegemoetkoming in de energiekosten",
]  # fmt: skip
REQUIREMENTS = [
    "moet een uittreksel van de BRP op papier mee",
    "moet het formulier met een natte handtekening worden ondertekend",
    "moet de aanvraag minstens acht weken van tevoren binnen zijn",
    "moet een kopie van het identiteitsbewijs per post worden opgestuurd",
    "moet de inwoner persoonlijk aan de balie verschijnen",
    "moet een verklaring van de huisarts worden bijgevoegd",
    "moet elk jaar opnieuw een volledige aanvraag worden gedaan",
    "moeten bankafschriften van drie maanden worden aangeleverd",
    "kan een afspraak alleen telefonisch worden gemaakt",
    "moeten de leges vooraf contant worden betaald",
    "moet een tekening op schaal worden ingeleverd, ook voor een schutting",
    "moeten twee afdelingen afzonderlijk akkoord geven",
    "moet de inwoner een fax sturen naar het archief",
    "is een DigiD met sms-controle verplicht, ook voor ouderen zonder mobiele telefoon",
    "moet een loonstrook worden ingeleverd die de gemeente zelf al heeft",
    "wordt de beschikking alleen per aangetekende brief verstuurd",
]  # fmt: skip
WHERE = [
    "Aan de balie van Burgerzaken in het stadskantoor",
    "In het klantcontactcentrum, aan de telefoon",
    "Bij een huisbezoek van het wijkteam",
    "Bij de intake van het Sociaal Domein",
    "In het digitale loket op de website",
    "Bij de behandeling van vergunningaanvragen",
    "Tijdens het spreekuur in het wijkcentrum",
    "Bij de milieustraat op de gemeentewerf",
    "In de backoffice van Belastingen",
    "Bij het controleren van aanvragen door Handhaving",
    "Bij de schuldhulp in de bibliotheek",
    "In het overleg met de woningcorporatie",
]
IMPACTS = [
    "Inwoners moeten twee keer komen terwijl de gemeente de gegevens zelf al heeft.",
    "Oudere inwoners haken af en vragen de voorziening niet meer aan.",
    "Aanvragen blijven weken liggen en inwoners bellen steeds opnieuw.",
    "Collega's zijn veel tijd kwijt aan het overtypen van papieren formulieren.",
    "Mensen met schulden raken nog verder achter omdat de uitkering later komt.",
    "Ondernemers lopen omzet mis doordat de vergunning te laat komt.",
    "Het kost de inwoner leges en een vrije dag voor iets wat digitaal kan.",
    "Inwoners voelen zich gewantrouwd en het vertrouwen in de gemeente daalt.",
    "Mantelzorgers moeten steeds dezelfde papieren verzamelen.",
    "Er ontstaan wachtrijen aan de balie en aan de telefoon.",
    "Laaggeletterde inwoners begrijpen de brief niet en missen de termijn.",
    "Het archief raakt vol met kopieën van identiteitsbewijzen, een privacyrisico.",
]
BETTER = [
    "Zelf de BRP raadplegen.",
    "Een digitale handtekening accepteren.",
    "De aanvraag automatisch verlengen als er niets veranderd is.",
    "Eén afspraak voor alles.",
    "",
]
# What someone types before submitting: close to seeded texts, paraphrased, short, long, and a
# few that match nothing.
QUERIES = [
    "parkeervergunning uittreksel BRP papier",
    "Voor een parkeervergunning moet een uittreksel op papier mee",
    "natte handtekening formulier",
    "handtekening met pen op het aanvraagformulier voor bijzondere bijstand",
    "aanvraag acht weken van tevoren evenement",
    "evenementenvergunning te lang van tevoren aanvragen",
    "kopie identiteitsbewijs opsturen",
    "persoonlijk aan de balie verschijnen voor een paspoort",
    "verklaring huisarts gehandicaptenparkeerkaart",
    "elk jaar opnieuw aanvragen Wmo",
    "bankafschriften drie maanden schuldhulp",
    "afspraak alleen telefonisch",
    "leges contant betalen",
    "tekening op schaal schutting omgevingsvergunning",
    "twee afdelingen moeten akkoord geven",
    "fax sturen archief",
    "DigiD sms ouderen zonder mobiele telefoon",
    "loonstrook die de gemeente al heeft",
    "beschikking aangetekende brief",
    "kapvergunning voor een kleine boom in de eigen tuin",
    "terras",
    "afvalpas milieustraat",
    "kwijtschelding gemeentelijke belastingen elk jaar opnieuw",
    "urgentieverklaring woningcorporatie wachten",
    "leerlingenvervoer aanvraag",
    "Inwoners moeten twee keer komen terwijl de gemeente de gegevens al heeft",
    "oudere inwoners haken af",
    "fietsenstalling bij het station is altijd vol",
    "hondenpoep in het park",
    "De regel dat een inwoner voor een tegemoetkoming in de energiekosten elk jaar "
    "bankafschriften moet inleveren, zorgt voor wachtrijen aan de balie en aan de telefoon en "
    "laaggeletterde inwoners missen daardoor de termijn",
]


# --- Seeding -----------------------------------------------------------------------------------


@dataclass
class Seeded:
    organisation_id: int
    employee_ids: list[int]
    open_reports: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def _report_texts(rng) -> tuple[str, str, str, str]:
    product, requirement = rng.choice(PRODUCTS), rng.choice(REQUIREMENTS)
    rule = f"Voor {product} {requirement}."
    if rng.random() < 0.3:
        rule += f" Dat staat zo in de werkinstructie van {rng.randint(2012, 2024)}."
    where = rng.choice(WHERE)
    impact = " ".join(rng.sample(IMPACTS, rng.randint(1, 3)))
    return rule, where, impact, rng.choice(BETTER)


def seed(scale: SuggestionsScale) -> Seeded:
    from django.db import connection
    from django.utils import timezone

    from backend.organisations.models import Department, EmployeeRole, Organisation
    from backend.organisations.roles import Role
    from benchmarks.seeding import BATCH_SIZE, Clock, employees_bulk_create, vacuum_analyze
    from campaigns.rule_reports.models import ReportFollower, RuleReport
    from campaigns.rule_reports.workflow import OPEN_STATES, State

    rng = random.Random(scale.random_seed)
    organisation = Organisation.objects.create(name="Meldstad", slug="meldstad")
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=name)
        for name in ["Burgerzaken", "Sociaal Domein", "Vergunningen", "Belastingen", "Wijkteams"]
    )
    employee_ids = employees_bulk_create(
        organisation,
        scale.employees,
        rng,
        department_of=lambda n: departments[n % len(departments)],
    )
    seeded = Seeded(organisation_id=organisation.pk, employee_ids=employee_ids)
    EmployeeRole.objects.create(employee_id=employee_ids[0], role=Role.RULE_COACH)
    clock = Clock(seeded.timings, seeded.rows)
    now = timezone.now()
    open_states = sorted(OPEN_STATES)

    def reports():
        rows = []
        for number in range(1, scale.reports + 1):
            rule, where, impact, better = _report_texts(rng)
            is_open = rng.random() < OPEN_SHARE
            anonymous = rng.random() < 0.1
            rows.append(
                RuleReport(
                    organisation_id=organisation.pk,
                    number=number,
                    rule=rule,
                    where_met=where,
                    impact=impact,
                    better=better,
                    origin=rng.choice(list(RuleReport.Origin)),
                    privacy=RuleReport.Privacy.ANONYMOUS
                    if anonymous
                    else rng.choice([RuleReport.Privacy.NAMED, RuleReport.Privacy.CONFIDENTIAL]),
                    reporter_id=None if anonymous else rng.choice(employee_ids),
                    department_id=rng.choice(departments).pk,
                    state=rng.choice(open_states) if is_open else State.CLOSED,
                    submitted_at=now - datetime.timedelta(minutes=rng.randint(10, 2 * 365 * 1440)),
                )
            )
        RuleReport.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        seeded.open_reports = sum(row.state != State.CLOSED for row in rows)
        return len(rows)

    def followers():
        report_ids = list(
            RuleReport.objects.filter(organisation_id=organisation.pk).values_list("pk", flat=True)
        )
        rows = []
        for report_id in rng.sample(report_ids, len(report_ids) // 3):
            for employee_id in rng.sample(employee_ids, rng.randint(1, 4)):
                rows.append(ReportFollower(report_id=report_id, employee_id=employee_id))
        ReportFollower.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)

    clock.run("rule reports", reports)
    clock.run("followers", followers)
    if connection.vendor == "postgresql":
        clock.run("vacuum analyze", vacuum_analyze, atomic=False)
    return seeded


# --- Measuring ---------------------------------------------------------------------------------


def _measure(seeded: Seeded, scale: SuggestionsScale):
    from django.test import Client

    from backend.organisations.models import Employee
    from benchmarks.timing import query_counts, summarise, timed
    from campaigns.rule_reports.selectors import similar_open_reports
    from mobile_api.tokens import token_issue

    employee = Employee.objects.select_related("organisation").get(pk=seeded.employee_ids[1])
    _token, raw = token_issue(employee=employee, device_name="benchmark")
    client = Client(raise_request_exception=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    calls = [QUERIES[n % len(QUERIES)] for n in range(len(QUERIES) * scale.rounds)]
    found = [len(similar_open_reports(employee=employee, text=text)) for text in QUERIES]

    def selector(text):
        similar_open_reports(employee=employee, text=text)

    def http(text):
        response = client.get("/api/v1/regelmeldingen/suggesties", {"tekst": text})
        if response.status_code != 200:
            raise RuntimeError(f"suggesties answered {response.status_code}: {response.content!r}")

    results = []
    for label, call in [
        ("`similar_open_reports()`", selector),
        ("GET /api/v1/regelmeldingen/suggesties", http),
    ]:
        print(f"Timing {label} ...", flush=True)
        for text in QUERIES[:WARM_UP_CALLS]:
            call(text)
        durations = timed(calls, call)
        results.append(summarise(label, durations, query_counts(QUERIES, call)))
    return results, found, employee


def explain(employee, text: str) -> str:
    """The plan of the suggestion query (PostgreSQL: with actual times)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaigns.rule_reports.selectors import similar_open_reports

    with CaptureQueriesContext(connection) as captured:
        similar_open_reports(employee=employee, text=text)
    sql = captured.captured_queries[-1]["sql"]
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())


def uses_search_index(plan: str) -> bool:
    return "rule_report_search" in plan


def _run(scale: SuggestionsScale, args, bench_db) -> int:
    from benchmarks import report

    print(f"Benchmark database: {bench_db.engine} ({bench_db.url})")
    migrate_seconds = database.migrate()
    started = time.perf_counter()
    seeded = seed(scale)
    print(f"  seeded in {time.perf_counter() - started:.0f} s")
    load_before = os.getloadavg()[0]
    results, found, employee = _measure(seeded, scale)
    load_after = os.getloadavg()[0]
    plan = explain(employee, QUERIES[0])
    body = _render(
        scale, seeded, migrate_seconds, results, found, plan, bench_db.engine,
        (load_before, load_after),
    )  # fmt: skip
    print()
    print(body)
    if args.explain:
        print(f"\nPlan for {QUERIES[0]!r}:\n\n{plan}")
    if args.write_doc:
        report.write_doc(bench_db.engine, body, section="suggestions")
    return 0


def _spread(counts: list[int]) -> str:
    if not counts:
        return "no"
    if min(counts) == max(counts):
        return f"{counts[0]}"
    return f"{min(counts)} to {max(counts)}"


def _render(scale, seeded, migrate_seconds, results, found, plan, engine, load) -> str:
    from benchmarks.report import database_version, machine

    seeding = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in seeded.timings.items())
    empty = sum(count == 0 for count in found)
    if engine == "postgresql":
        how = (
            "GIN index `rule_report_search` used"
            if uses_search_index(plan)
            else "no full-text index used: `to_tsvector` computed for every open report"
        )
    else:
        how = "word matches with `LIKE`, a scan of the organisation's open reports"
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {machine()}",
        f"· {database_version()}.",
        "",
        f"Scale: {scale.reports:,} rule reports in one organisation, {seeded.open_reports:,} "
        f"of them open; {seeded.rows.get('followers', 0):,} followers; "
        f"{len(QUERIES)} query texts from 1 to {max(len(q.split()) for q in QUERIES)} words, "
        f"each timed {scale.rounds} times; nothing found for {empty} of them, for the others "
        f"{_spread([count for count in found if count])} suggestions each. Plan: {how}.",
        "",
        f"Seeding took {sum(seeded.timings.values()):.0f} s after a {migrate_seconds:.0f} s "
        f"migrate ({seeding}). Load average while measuring: {load[0]:.1f} before, "
        f"{load[1]:.1f} after.",
        "",
        "| measured | calls | p50 ms | p95 ms | p99 ms | max ms | queries per call |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result.label} | {result.calls} | {result.p50:.1f} | {result.p95:.1f} | "
            f"{result.p99:.1f} | {result.max:.1f} | {result.queries} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
