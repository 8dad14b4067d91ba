"""What every benchmark's seeding shares: a clock per table, batch sizes, the SQLite page cache
while loading, and the VACUUM ANALYZE that autovacuum would soon run on PostgreSQL."""

import contextlib
import datetime
import time
import uuid

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from backend.organisations.models import Employee, search_key
from microlessons.models import ReviewCard

# Seeding is CPU-bound in Django's per-field value preparation, not in the database (SQLite
# executes in ~6% of the time), hence foreign keys as *_id values rather than instances.
# Rows per INSERT: Django lowers this to fit SQLite's 999 parameters; PostgreSQL inserts a whole
# batch in one UNNEST statement, so big batches mean few round trips.
BATCH_SIZE = 5_000
REVIEW_STATE = 2  # fsrs.State.Review

FIRST_NAMES = ["Anouk", "Bram", "Chaima", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilias"]
LAST_NAMES = ["Jansen", "de Vries", "Bakker", "Yılmaz", "Visser", "Smit", "Meijer", "El Idrissi"]


class Clock:
    """Times each table and prints progress, so a slow table is obvious while it runs.
    ``timings`` and ``rows`` are the dicts (label -> seconds, label -> rows) it fills."""

    def __init__(self, timings: dict, rows: dict):
        self.timings = timings
        self.rows = rows

    def run(self, label: str, function, *args, atomic=True):
        print(f"  seeding {label} ...", end="", flush=True)
        started = time.perf_counter()
        # One transaction per table: no commit per batch.
        with transaction.atomic() if atomic else contextlib.nullcontext():
            rows = function(*args)
        elapsed = time.perf_counter() - started
        self.timings[label] = elapsed
        if rows is None:
            print(f" {elapsed:.1f} s", flush=True)
        else:
            self.rows[label] = rows
            print(f" {rows:,} rows in {elapsed:.1f} s", flush=True)
        return rows


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def employees_bulk_create(organisation, count, rng, *, department_of, location_of=None):
    """``count`` sign-in-less employees (bearer tokens only); ``department_of(n)`` and
    ``location_of(n)`` choose each one's department and location. Returns their ids."""
    users = get_user_model().objects.bulk_create(
        (
            # "!" is an unusable password: these accounts sign in with bearer tokens only.
            get_user_model()(username=f"bench-{n:06d}", password="!", is_active=True)
            for n in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    employees = []
    for n, user in enumerate(users):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        employees.append(
            Employee(
                organisation=organisation,
                user=user,
                employee_number=f"B{n:06d}",
                first_name=first,
                last_name=last,
                search_text=search_key(f"{first} {last}"),  # bulk_create skips save()
                department=department_of(n),
                location=location_of(n) if location_of else None,
            )
        )
    Employee.objects.bulk_create(employees, batch_size=BATCH_SIZE)
    return [employee.pk for employee in employees]


@contextlib.contextmanager
def big_sqlite_cache():
    """A big page cache while seeding, so inserts at random places in the UUID indexes of the
    big tables need not re-read pages from the OS each time; the default (2 MB) again
    afterwards, so the measurements see what production sees."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        default = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -1000000")  # ~1 GB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {default}")


def vacuum_analyze() -> None:
    """Production PostgreSQL has autovacuum: planner statistics and a visibility map (for
    index-only scans) for big tables. Right after a bulk load it has neither yet, so do now
    what autovacuum would soon do. SQLite has no such daemon and Django never runs ANALYZE,
    so a real SQLite installation plans without statistics: leave it that way."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def review_card(*, employee_id, lesson_id, question_key, due, now, rng, revision) -> ReviewCard:
    """A card in the FSRS "review" state, last reviewed one stability before it is due."""
    stability = rng.uniform(1, 60)
    return ReviewCard(
        uuid=uuid.uuid4(),
        employee_id=employee_id,
        lesson_id=lesson_id,
        question_key=question_key,
        state=REVIEW_STATE,
        stability=stability,
        difficulty=rng.uniform(1, 10),
        due=due,
        last_review=min(now, due - datetime.timedelta(days=stability)),
        review_count=rng.randint(1, 8),
        lapse_count=rng.randint(0, 2),
        revision=revision,
    )
