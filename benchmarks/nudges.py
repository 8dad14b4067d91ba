"""``python -m benchmarks nudges`` (``make bench-nudges``): the morning every employee's daily
nudge falls due at once. Seed a throw-away database with 200,000 employees in four
organisations, all with the same daily time, about 1.2 phones each (every fifth employee has a
second one) and a published learning path, then time, at a frozen moment (a Tuesday, 09:00
Europe/Amsterdam):

1. planning: ``notifications_plan(now=...)``, which proposes one ``daily_lesson`` per employee;
2. dispatch: ``notifications_dispatch(backend=FcmPushBackend(), now=..., worker=...)`` until
   nothing is claimed, through the real firebase-admin SDK against the loopback fake FCM of
   the tests (``tests/push/fake_fcm.py``), which runs in a process of its own.

Planning and every dispatcher run in freshly spawned processes (configured through the
environment, as a scheduler process is), so each one's peak memory (``VmHWM``) is its own.
With ``--dispatchers 1,2`` the day is dispatched by one process, and the next day (planned the
same way) by two, which share the work through ``SELECT ... FOR UPDATE SKIP LOCKED``.

Afterwards every notification must be ``sent`` and the fake must have seen exactly one request
for every device, carrying that employee's notification: no device missed, none pushed twice.
Prints the figures and, with --write-doc, records them in docs/performance.md.
"""

import argparse
import base64
import datetime
import hashlib
import logging
import os
import queue
import random
import resource
import sys
import threading
import time
import traceback
import zoneinfo
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from benchmarks import database
from benchmarks.scale import changed_size_flags, env_int

TARGET_SECONDS = 600  # the issue: every daily nudge sent within 10 minutes, on 2 cores
ZONE = "Europe/Amsterdam"
DAILY_TIME = datetime.time(9, 0)  # every organisation's default daily time: all due at once
SECOND_DEVICE_EVERY = 5  # every fifth employee has a second phone
OWN_PREFERENCES_EVERY = 3  # every third employee set their own preferences (no quiet hours)
PATH_LESSONS = 10  # one shared module; nobody finished it, so everyone gets a daily lesson
SEED_CHUNK = 10_000  # employees per round of bulk inserts (bounds the seeder's memory)
MB = 1024  # VmHWM and ru_maxrss are in kB on Linux
# The dispatcher's steps (mobile_api/push/dispatch.py), timed by wrapping the module's functions
# in the dispatcher processes; the push itself is timed in FcmPushBackend.send.
DISPATCH_STEPS = {
    "notifications_claim": "claim a batch (`notifications_claim`)",
    "decide": "decide again (`eligibility.decide`)",
    "_apply_decisions": "store the decisions (`_apply_decisions`)",
    "_devices_to_push": "devices to push (`_devices_to_push`)",
    "_attempts_start": "attempts in flight (`_attempts_start`)",
    "send": "push (`FcmPushBackend.send`: the SDK's `send_each`)",
    "_attempts_finish": "store the outcomes (`_attempts_finish`)",
    "_notifications_finish": "final statuses (`_notifications_finish`)",
}
# Anything google-auth tries beyond loopback (its background iamcredentials look-up after a
# token grant) goes to the fake as an HTTP(S) proxy, which refuses it: nothing leaves the box.
PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY")
EXPECTED_ESCAPES = ("iamcredentials.googleapis.com:",)  # as in tests/push/fake_fcm.py


# --- Scale and flags ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NudgesScale:
    employees: int = 200_000
    organisations: int = 4
    random_seed: int = 20_261_208


SIZES = {
    "employees": "employees, all due for their daily nudge at once",
    "organisations": "organisations they are spread over",
}


def _dispatcher_counts(value: str) -> list[int]:
    try:
        counts = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {value}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("every round needs at least one dispatcher")
    return counts


def parse_args(argv=None) -> tuple[NudgesScale, argparse.Namespace]:
    defaults = NudgesScale()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks nudges",
        description=(
            "Seed a throw-away database with employees whose daily nudge falls due at once and "
            "time planning and dispatching them through the Firebase Admin SDK against a "
            "loopback fake FCM. PostgreSQL: set BENCH_DATABASE_URL (or --database-url). Every "
            "size can also be set as BENCH_NUDGES_<FLAG> (e.g. BENCH_NUDGES_EMPLOYEES=2000)."
        ),
    )
    for name, help_text in SIZES.items():
        parser.add_argument(
            f"--{name}",
            type=int,
            default=env_int(f"nudges_{name}", getattr(defaults, name)),
            help=f"{help_text} (default {getattr(defaults, name):,})",
        )
    parser.add_argument(
        "--dispatchers",
        type=_dispatcher_counts,
        default=_dispatcher_counts(os.environ.get("BENCH_NUDGES_DISPATCHERS", "1")),
        help=(
            "dispatcher processes, comma-separated for one round (day) each, e.g. 1,2 "
            "(default 1; more than one needs PostgreSQL)"
        ),
    )
    parser.add_argument(
        "--claim-batch",
        type=int,
        help="PUSH_CLAIM_BATCH for the dispatchers (default: the setting, 500)",
    )
    parser.add_argument(
        "--send-chunk",
        type=int,
        help="PUSH_SEND_CHUNK for the dispatchers (default: the setting, 500)",
    )
    parser.add_argument(
        "--database-url",
        help=f"a postgres:// URL for the throw-away database (sets {database.BENCH_DATABASE_URL})",
    )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="rewrite this database's nudge figures in docs/performance.md",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database afterwards"
    )
    args = parser.parse_args(argv)
    scale = NudgesScale(**{name: getattr(args, name) for name in SIZES})
    if scale.organisations < 1 or scale.employees < scale.organisations:
        parser.error("--organisations must be at least 1, --employees at least --organisations")
    for name in ("claim_batch", "send_chunk"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.database_url:
        os.environ[database.BENCH_DATABASE_URL] = args.database_url
    if max(args.dispatchers) > 1 and not os.environ.get(database.BENCH_DATABASE_URL):
        parser.error("several dispatchers share the work through row locks: use PostgreSQL")
    return scale, args


def main(argv=None) -> int:
    return database.run_on_throwaway_database(parse_args, _run, argv)


def frozen_moment(today: datetime.date | None = None) -> datetime.datetime:
    """The next Tuesday, 09:00 in Amsterdam (in UTC). In the future, so the TTL the SDK
    computes from the real clock is a real one, as in production."""
    today = today or datetime.date.today()
    days = (1 - today.weekday()) % 7 or 7
    local = datetime.datetime.combine(
        today + datetime.timedelta(days=days), DAILY_TIME, zoneinfo.ZoneInfo(ZONE)
    )
    return local.astimezone(datetime.UTC)


# --- Measuring inside a process ----------------------------------------------------------------


class ThreadPeak:
    """The most threads alive at once in this process, sampled every few milliseconds."""

    def __init__(self, interval: float = 0.005):
        self.peak = threading.active_count()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, threading.active_count())
            self._stop.wait(self._interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class DatabaseClock:
    """An execute wrapper: statements and the seconds spent in them (round trip included)."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_kb() -> int:
    """This process's peak resident memory. Not ``ru_maxrss``: Linux keeps that across exec, so
    a spawned process would report the peak of the benchmark process it was forked from."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _own_figures(**figures) -> dict:
    return {
        "pid": os.getpid(),
        "maxrss_kb": peak_rss_kb(),
        "cpu_seconds": _cpu_seconds(),
        **figures,
    }


def _child(task, results, *args):
    """A spawned process: Django from the environment the parent prepared, then ``task``."""
    try:
        import django

        django.setup()
        results.put(task(*args))
    except BaseException:
        results.put({"error": traceback.format_exc()})
        raise


def _plan_task(now: datetime.datetime) -> dict:
    from django.db import connection

    from mobile_api.push.planning import notifications_plan

    clock = DatabaseClock()
    with ThreadPeak() as threads, connection.execute_wrapper(clock):
        started = time.monotonic()
        proposed = notifications_plan(now=now)
        ended = time.monotonic()
    return _own_figures(
        label="planner",
        started=started,
        ended=ended,
        proposed=proposed,
        queries=clock.queries,
        db_seconds=clock.seconds,
        peak_threads=threads.peak,
    )


def _dispatch_task(now: datetime.datetime, worker: str, barrier) -> dict:
    """One scheduler process's dispatch job, from the first claim until nothing is due."""
    from django.conf import settings
    from django.db import connection

    from mobile_api.push import dispatch
    from mobile_api.push.dispatch import claims_reap, notifications_dispatch
    from mobile_api.push.fcm import FcmPushBackend

    steps = dict.fromkeys(DISPATCH_STEPS, 0.0)

    def timed(name, function):
        def step(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps[name] += time.perf_counter() - started

        return step

    for name in DISPATCH_STEPS:
        if name != "send":  # dispatch_batch looks these up in its module at every call
            setattr(dispatch, name, timed(name, getattr(dispatch, name)))

    class TimedFcmBackend(FcmPushBackend):
        """FcmPushBackend as is; only counts the time spent in send (building the messages,
        the SDK's send_each with its thread per message, and reading the answers)."""

        send_seconds = 0.0
        sends = 0

        def send(self, messages):
            started = time.perf_counter()
            try:
                return super().send(messages)
            finally:
                self.send_seconds += time.perf_counter() - started
                self.sends += 1
                steps["send"] = self.send_seconds

    # google-auth's background look-up at iamcredentials.googleapis.com after each token grant
    # is refused by the fake (counted as escapes); urllib3 warns about every retry of it.
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    backend = TimedFcmBackend()  # the Firebase app, as the scheduler's first tick makes it
    cpu_before = _cpu_seconds()
    clock = DatabaseClock()
    barrier.wait(timeout=600)  # all dispatchers start together
    with ThreadPeak() as threads, connection.execute_wrapper(clock):
        started = time.monotonic()
        reaped = claims_reap(now=now)  # as mobile_api.push.jobs.dispatch_notifications does
        report = notifications_dispatch(backend=backend, now=now, worker=worker)
        ended = time.monotonic()
    return _own_figures(
        label=worker,
        started=started,
        ended=ended,
        reaped=reaped,
        claimed=report.claimed,
        pushes=dict(report.pushes),
        decided=dict(report.decided),
        queries=clock.queries,
        db_seconds=clock.seconds,
        send_seconds=backend.send_seconds,
        sends=backend.sends,
        steps=steps,
        peak_threads=threads.peak,
        dispatch_cpu_seconds=_cpu_seconds() - cpu_before,
        claim_batch=settings.PUSH_CLAIM_BATCH,
        send_chunk=settings.PUSH_SEND_CHUNK,
        http_timeout=settings.PUSH_HTTP_TIMEOUT_SECONDS,
    )


def _collect(processes, results, count: int) -> list[dict]:
    """``count`` results from the spawned processes; fails if one of them died or failed."""
    collected = []
    while len(collected) < count:
        try:
            collected.append(results.get(timeout=2))
        except queue.Empty:  # check that everyone is still alive
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(
                    f"a benchmark process died (exit code {dead[0].exitcode})"
                ) from None
            continue
        if "error" in collected[-1]:
            raise RuntimeError(f"a benchmark process failed:\n{collected[-1]['error']}")
    for process in processes:
        process.join()
    return collected


# --- The fake FCM, in a process of its own -----------------------------------------------------


def _fake_fcm_process(conn) -> None:
    """Serve the fake FCM until told to stop; answer ``reset``, ``stats`` and ``stop``."""
    from tests.push.fake_fcm import ACCESS_TOKEN, FakeFcmServer

    class CountingFakeFcm(FakeFcmServer):
        """The tests' fake, counting instead of keeping every request: per target its hits
        and the notification id of the last one, and requests without our access token."""

        def reset(self):
            super().reset()
            self.notification_of: dict[str, str] = {}
            self.unauthorised = 0

        def send(self, project, raw, headers):
            import json

            try:
                message = json.loads(raw or b"{}").get("message") or {}
            except ValueError:
                message = {}
            target = message.get("token") or message.get("fid") or ""
            with self._lock:
                self.hits[target] += 1
                hit = self.hits[target]
                self.notification_of[target] = (message.get("data") or {}).get("notificatieId")
                if headers.get("Authorization", "") != f"Bearer {ACCESS_TOKEN}":
                    self.unauthorised += 1
            return self.answer(project, target, hit)

    server = CountingFakeFcm()
    server_thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    with ThreadPeak() as threads:
        server_thread.start()
        conn.send(server.url)
        while True:
            command = conn.recv()
            if command == "reset":
                server.reset()
                conn.send(_own_figures(peak_threads=threads.peak))
            elif command == "stats":
                with server._lock:
                    conn.send(
                        _own_figures(
                            peak_threads=threads.peak,
                            hits=dict(server.hits),
                            notification_of=dict(server.notification_of),
                            token_requests=server.token_requests,
                            escapes=list(server.escapes),
                            unauthorised=server.unauthorised,
                        )
                    )
            elif command == "stop":
                break
    server.shutdown()
    server.server_close()
    conn.send("stopped")


class FakeFcm:
    """The fake FCM process, seen from the benchmark."""

    def __init__(self, context):
        self._conn, child_conn = context.Pipe()
        self.process = context.Process(
            target=_fake_fcm_process, args=(child_conn,), name="fake-fcm", daemon=True
        )
        self.process.start()
        if not self._conn.poll(60):
            raise RuntimeError("the fake FCM process did not start")
        self.url = self._conn.recv()

    def ask(self, command: str):
        self._conn.send(command)
        return self._conn.recv()

    def stop(self):
        if self.process.is_alive():
            self.ask("stop")
        self.process.join(timeout=10)


def _fcm_environment(fake: FakeFcm, folder: str, args) -> None:
    """What a scheduler process needs to push through the SDK to the fake: the spawned
    processes read it at ``django.setup()``."""
    from tests.push.fake_fcm import PROJECT_ID, service_account_file

    credentials = service_account_file(Path(folder), f"{fake.url}/token")
    os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
    os.environ.update(
        FIREBASE_PROJECT_ID=PROJECT_ID,
        FIREBASE_CREDENTIALS_FILE=str(credentials),
        FCM_ENDPOINT_OVERRIDE=fake.url,
        PUSH_BACKEND="mobile_api.push.fcm.FcmPushBackend",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        **dict.fromkeys(PROXY_VARIABLES, fake.url),
    )
    if args.claim_batch:
        os.environ["PUSH_CLAIM_BATCH"] = str(args.claim_batch)
    if args.send_chunk:
        os.environ["PUSH_SEND_CHUNK"] = str(args.send_chunk)


# --- Seeding -----------------------------------------------------------------------------------


@dataclass
class Seeded:
    organisation_ids: list[int]
    employees: int = 0
    devices: int = 0
    with_preferences: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def _fcm_like_token(rng: random.Random, number: int) -> str:
    """About the length of an FCM registration token (~160 characters)."""
    tail = base64.urlsafe_b64encode(rng.randbytes(105)).decode().rstrip("=")
    return f"bench{number:07d}:APA91b{tail}"


def seed(scale: NudgesScale, now: datetime.datetime) -> Seeded:
    from django.db import connection

    from backend.organisations.models import Organisation
    from benchmarks import seed as today_seed
    from benchmarks.scale import Scale
    from benchmarks.seeding import Clock, vacuum_analyze
    from mobile_api.push.models import NudgeDefaults

    rng = random.Random(scale.random_seed)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Gemeente Duwdorp {n + 1}", slug=f"duwdorp-{n + 1}", time_zone=ZONE)
        for n in range(scale.organisations)
    )
    NudgeDefaults.objects.bulk_create(
        NudgeDefaults(organisation=organisation, daily_time=DAILY_TIME)
        for organisation in organisations
    )
    seeded = Seeded(organisation_ids=[o.pk for o in organisations])
    clock = Clock(seeded.timings, seeded.rows)
    # The shared path of the today benchmark's seeder: one module of published lessons.
    path = today_seed.Seeded(now=now, organisation=organisations[0], employee_ids=[], lessons=[])
    clock.run("lessons", today_seed._seed_lessons, path, Scale(lessons=PATH_LESSONS, modules=1))
    clock.run("people and devices", _seed_people, seeded, organisations, scale, rng, now)
    if connection.vendor == "postgresql":
        clock.run("vacuum analyze", vacuum_analyze, atomic=False)
    return seeded


def _seed_people(seeded: Seeded, organisations, scale: NudgesScale, rng, now) -> int:
    """Users, employees, their sign-in tokens and phones, and some preferences, in chunks."""
    from django.contrib.auth import get_user_model

    from backend.organisations.models import Employee, search_key
    from benchmarks.seeding import BATCH_SIZE, FIRST_NAMES, LAST_NAMES
    from mobile_api.models import ApiToken
    from mobile_api.push.devices import target_hash
    from mobile_api.push.models import Device, NudgePreferences

    User = get_user_model()
    rows = 0
    number = 0  # over all organisations: usernames are unique in the installation
    for index, organisation in enumerate(organisations):
        count = scale.employees // len(organisations) + (
            index < scale.employees % len(organisations)
        )
        for start in range(0, count, SEED_CHUNK):
            numbers = range(number, number + min(SEED_CHUNK, count - start))
            number += len(numbers)
            users = User.objects.bulk_create(
                (User(username=f"nudge-{n:07d}", password="!", is_active=True) for n in numbers),
                batch_size=BATCH_SIZE,
            )
            employees = []
            for n, user in zip(numbers, users, strict=True):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                employees.append(
                    Employee(
                        organisation_id=organisation.pk,
                        user_id=user.pk,
                        employee_number=f"N{n:07d}",
                        first_name=first,
                        last_name=last,
                        search_text=search_key(f"{first} {last}"),
                        time_zone=ZONE,
                    )
                )
            Employee.objects.bulk_create(employees, batch_size=BATCH_SIZE)
            owners = [
                (employee.pk, n)
                for n, employee in zip(numbers, employees, strict=True)
                for _phone in range(2 if n % SECOND_DEVICE_EVERY == 0 else 1)
            ]
            tokens = ApiToken.objects.bulk_create(
                (
                    ApiToken(
                        employee_id=employee_id,
                        key_hash=hashlib.sha256(rng.randbytes(32)).hexdigest(),
                        device_name="Telefoon",
                        expires_at=now + datetime.timedelta(days=rng.randint(30, 90)),
                    )
                    for employee_id, _n in owners
                ),
                batch_size=BATCH_SIZE,
            )
            devices = []
            for (employee_id, _n), token in zip(owners, tokens, strict=True):
                target = _fcm_like_token(rng, seeded.devices + len(devices))
                devices.append(
                    Device(
                        employee_id=employee_id,
                        api_token_id=token.pk,
                        platform=Device.Platform.IOS if rng.random() < 0.4 else "android",
                        target_kind=Device.TargetKind.TOKEN,
                        target=target,
                        target_hash=target_hash(target),
                        app_version="3.2.0",
                        last_seen_at=now - datetime.timedelta(hours=rng.uniform(1, 24 * 20)),
                    )
                )
            Device.objects.bulk_create(devices, batch_size=BATCH_SIZE)
            preferences = NudgePreferences.objects.bulk_create(
                (
                    NudgePreferences(employee_id=employee.pk, quiet_hours_off=True)
                    for n, employee in zip(numbers, employees, strict=True)
                    if n % OWN_PREFERENCES_EVERY == 1
                ),
                batch_size=BATCH_SIZE,
            )
            seeded.employees += len(employees)
            seeded.devices += len(devices)
            seeded.with_preferences += len(preferences)
            rows += 2 * len(employees) + 2 * len(devices) + len(preferences)
    return rows


# --- A round: plan one morning, dispatch it, check what the fake received ----------------------


@dataclass
class Round:
    now: datetime.datetime
    dispatchers: int
    planner: dict
    workers: list[dict]
    fake: dict  # the fake's figures at the end of the round
    fake_cpu_seconds: float  # the fake's CPU time during dispatch
    others_cpu_seconds: float  # the machine's busy time during dispatch not ours (PostgreSQL)
    load: tuple[float, float]
    notifications: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    devices: int = 0
    requests: int = 0
    missing: int = 0
    duplicates: int = 0
    unexpected: int = 0
    wrong_notification: int = 0

    @property
    def plan_seconds(self) -> float:
        return self.planner["ended"] - self.planner["started"]

    @property
    def dispatch_seconds(self) -> float:
        return max(w["ended"] for w in self.workers) - min(w["started"] for w in self.workers)

    @property
    def total_seconds(self) -> float:
        return self.plan_seconds + self.dispatch_seconds

    @property
    def pushes(self) -> int:
        return sum(sum(w["pushes"].values()) for w in self.workers)

    @property
    def all_sent(self) -> bool:
        return (
            self.notifications > 0
            and self.statuses == {"sent": self.notifications}
            and self.outcomes == {"ok": self.devices}
            and self.requests == self.devices
            and not (self.missing or self.duplicates or self.unexpected)
            and not self.wrong_notification
            and not self.fake["unauthorised"]
            and not self.unexpected_escapes
        )

    @property
    def unexpected_escapes(self) -> list:
        return [e for e in self.fake["escapes"] if not e[1].startswith(EXPECTED_ESCAPES)]


def _machine_busy_seconds() -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", encoding="ascii") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = (
            int(value) for value in stat.readline().split()[1:8]
        )
    return (user + nice + system + irq + softirq) / ticks


def run_round(context, fake: FakeFcm, now: datetime.datetime, dispatchers: int) -> Round:
    day = now.astimezone(zoneinfo.ZoneInfo(ZONE))
    print(f"Round at {day:%A %Y-%m-%d %H:%M %Z} with {dispatchers} dispatcher(s):", flush=True)
    results = context.Queue()

    print("  planning ...", end="", flush=True)
    planner = context.Process(
        target=_child, args=(_plan_task, results, now), name="planner", daemon=True
    )
    planner.start()
    [planned] = _collect([planner], results, 1)
    print(f" {planned['proposed']:,} proposed in {planned['ended'] - planned['started']:.1f} s")

    print("  dispatching ...", end="", flush=True)
    barrier = context.Barrier(dispatchers + 1)
    workers = [
        context.Process(
            target=_child,
            args=(_dispatch_task, results, now, f"bench-dispatcher-{n + 1}", barrier),
            name=f"dispatcher-{n + 1}",
            daemon=True,  # never outlives the benchmark
        )
        for n in range(dispatchers)
    ]
    for worker in workers:
        worker.start()
    load_before = os.getloadavg()[0]
    fake_before = fake.ask("reset")["cpu_seconds"]  # hits counted from here: planning sends none
    barrier.wait(timeout=300)  # every dispatcher has its backend: go
    busy_before = _machine_busy_seconds()
    dispatched = _collect(workers, results, dispatchers)
    busy_after = _machine_busy_seconds()
    load_after = os.getloadavg()[0]
    fake_figures = fake.ask("stats")
    fake_cpu = fake_figures["cpu_seconds"] - fake_before
    ours = sum(w["dispatch_cpu_seconds"] for w in dispatched) + fake_cpu
    result = Round(
        now=now,
        dispatchers=dispatchers,
        planner=planned,
        workers=sorted(dispatched, key=lambda w: w["label"]),
        fake=fake_figures,
        fake_cpu_seconds=fake_cpu,
        others_cpu_seconds=max(0.0, busy_after - busy_before - ours),
        load=(load_before, load_after),
    )
    print(f" {result.pushes:,} pushes in {result.dispatch_seconds:.1f} s")
    _check(result, day.date())
    return result


def _check(result: Round, day: datetime.date) -> None:
    """What reached the fake against what the database says should have."""
    from django.db.models import Count

    from mobile_api.push.models import DeliveryAttempt, Device, Notification

    notifications = Notification.objects.filter(local_date=day)
    result.notifications = notifications.count()
    result.statuses = dict(
        notifications.values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    result.outcomes = dict(
        DeliveryAttempt.objects.filter(notification__local_date=day)
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    notification_of = {
        employee_id: str(uuid)
        for employee_id, uuid in notifications.values_list("employee_id", "uuid").iterator()
    }
    hits, sent_for = result.fake["hits"], result.fake["notification_of"]
    result.requests = sum(hits.values())
    targets = set()
    for target, employee_id in (
        Device.objects.filter(active=True).values_list("target", "employee_id").iterator()
    ):
        targets.add(target)
        count = hits.get(target, 0)
        result.missing += count == 0
        result.duplicates += max(0, count - 1)
        if count and sent_for.get(target) != notification_of.get(employee_id):
            result.wrong_notification += 1
    result.devices = len(targets)
    result.unexpected = sum(count for target, count in hits.items() if target not in targets)
    # Only the figures stay: the per-target maps are big.
    result.fake = {k: v for k, v in result.fake.items() if k not in ("hits", "notification_of")}


# --- The run -----------------------------------------------------------------------------------


def _run(scale: NudgesScale, args, bench_db) -> int:
    from django.db import connections

    from benchmarks import report

    print(f"Benchmark database: {bench_db.engine} ({bench_db.url})")
    migrate_seconds = database.migrate()
    now = frozen_moment()
    started = time.perf_counter()
    seeded = seed(scale, now)
    print(f"  seeded in {time.perf_counter() - started:.0f} s")
    seeding_maxrss = peak_rss_kb()
    connections.close_all()  # the spawned processes have their own

    context = get_context("spawn")  # fresh interpreters: each process's memory is its own
    fake = FakeFcm(context)
    try:
        _fcm_environment(fake, bench_db.temp_dir, args)
        rounds = []
        for number, dispatchers in enumerate(args.dispatchers):
            moment = now + datetime.timedelta(days=number)  # each round the next morning
            try:
                rounds.append(run_round(context, fake, moment, dispatchers))
            except Exception:
                if rounds:  # a later round failed: the finished ones are still worth seeing
                    print("\nThe rounds finished before the failure (not written to the doc):\n")
                    print(render(scale, seeded, migrate_seconds, seeding_maxrss, rounds, args))
                raise
    finally:
        fake.stop()
    body = render(scale, seeded, migrate_seconds, seeding_maxrss, rounds, args)
    print()
    print(body)
    if args.write_doc:
        report.write_doc(bench_db.engine, body, section="nudges")
    return 0 if all(r.all_sent for r in rounds) else 1


# --- Report ------------------------------------------------------------------------------------


def _mb(kilobytes: int) -> str:
    return f"{kilobytes / MB:,.0f}"


def _command(args) -> str:
    parts = [
        ".venv/bin/python -m benchmarks nudges",
        *changed_size_flags(args, NudgesScale(), SIZES),
    ]
    if args.dispatchers != [1]:
        parts.append(f"--dispatchers {','.join(map(str, args.dispatchers))}")
    for name in ("claim_batch", "send_chunk"):
        if getattr(args, name):
            parts.append(f"--{name.replace('_', '-')} {getattr(args, name)}")
    parts.append("--write-doc")
    prefix = f"{database.BENCH_DATABASE_URL}=... " if os.environ.get("BENCH_DATABASE_URL") else ""
    return prefix + " ".join(parts)


def _statuses(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {status}" for status, n in sorted(counts.items())) or "none"


def render(scale, seeded: Seeded, migrate_seconds, seeding_maxrss, rounds, args) -> str:
    from django.db import connection

    from benchmarks.report import database_version, machine

    seeding = ", ".join(f"{label} {seconds:.0f} s" for label, seconds in seeded.timings.items())
    worker = rounds[0].workers[0]
    others = "everything else" + (
        " (PostgreSQL, other processes)" if connection.vendor == "postgresql" else ""
    )
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {machine()}",
        f"· {database_version()}. Command: `{_command(args)}`.",
        "",
        f"Scale: {seeded.employees:,} employees in {scale.organisations} organisations, all "
        f"with the daily time {DAILY_TIME:%H:%M} ({ZONE}), {seeded.with_preferences:,} of them "
        f"with their own preferences (no quiet hours); {seeded.devices:,} devices (every "
        f"{_ordinal(SECOND_DEVICE_EVERY)} employee a second one), each with its sign-in token; "
        f"a shared path of {PATH_LESSONS} published lessons nobody finished, so the daily slot "
        "plans a `daily_lesson` for everyone. "
        f"`PUSH_CLAIM_BATCH` {worker['claim_batch']}, `PUSH_SEND_CHUNK` {worker['send_chunk']}, "
        f"HTTP timeout {worker['http_timeout']} s. "
        "Each round is the next morning at 09:00, a frozen `now` given to plan and dispatch.",
        "",
        f"Seeding took {sum(seeded.timings.values()):.0f} s after a {migrate_seconds:.0f} s "
        f"migrate ({seeding}); the seeding process peaked at {_mb(seeding_maxrss)} MB.",
        "",
        "| round (frozen now) | dispatchers | planned | pushes | plan s | dispatch s | "
        "pushes/s | plan + dispatch s | all sent | within 10 min |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rounds:
        local = r.now.astimezone(zoneinfo.ZoneInfo(ZONE))
        lines.append(
            f"| {local:%a %Y-%m-%d %H:%M} | {r.dispatchers} | {r.planner['proposed']:,} | "
            f"{r.pushes:,} | {r.plan_seconds:.1f} | {r.dispatch_seconds:.1f} | "
            f"{r.pushes / r.dispatch_seconds:,.0f} | {r.total_seconds:.1f} | "
            f"{'yes' if r.all_sent else '**no**'} | "
            f"{'yes' if r.all_sent and r.total_seconds <= TARGET_SECONDS else '**no**'} |"
        )
    lines += [
        "",
        "What was checked after each round: every notification's status and every attempt's "
        "outcome in the database, and per device the requests the fake FCM received "
        "(its own count) and the notification each one carried.",
        "",
        "| round | notifications | attempts | devices | requests at the fake | missed | "
        "pushed twice | wrong notification | unknown target | OAuth grants | refused escapes |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        escapes = ", ".join(sorted({target for _m, target in r.fake["escapes"]})) or "none"
        lines.append(
            f"| {r.now.astimezone(zoneinfo.ZoneInfo(ZONE)):%a} | {_statuses(r.statuses)} | "
            f"{_statuses(r.outcomes)} | {r.devices:,} | {r.requests:,} | {r.missing:,} | "
            f"{r.duplicates:,} | {r.wrong_notification:,} | {r.unexpected:,} | "
            f"{r.fake['token_requests']} | {len(r.fake['escapes'])} ({escapes}) |"
        )
    lines += [
        "",
        "Where the time goes, per process (peak memory is each process's own `VmHWM`, "
        "threads the most alive at once; *send* is the time inside `FcmPushBackend.send`, "
        "*database* inside the driver's `execute`; the rest is our Python: deciding, "
        "building the bulk updates):",
        "",
        "| round | process | wall s | send s | database s | queries | rest s | CPU s | "
        "peak MB | peak threads |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        day = f"{r.now.astimezone(zoneinfo.ZoneInfo(ZONE)):%a}"
        for process in [r.planner, *r.workers]:
            wall = process["ended"] - process["started"]
            send = process.get("send_seconds", 0.0)
            cpu = process.get("dispatch_cpu_seconds")
            lines.append(
                f"| {day} | {process['label']} | {wall:.1f} | "
                f"{send:.1f} | {process['db_seconds']:.1f} | {process['queries']:,} | "
                f"{wall - send - process['db_seconds']:.1f} | "
                f"{'' if cpu is None else f'{cpu:.0f}'} | "
                f"{_mb(process['maxrss_kb'])} | {process['peak_threads']} |"
            )
        lines.append(
            f"| {day} | fake FCM | | | | | | {r.fake_cpu_seconds:.0f} | "
            f"{_mb(r.fake['maxrss_kb'])} | {r.fake['peak_threads']} |"
        )
        lines.append(f"| {day} | {others} | | | | | | {r.others_cpu_seconds:.0f} | | |")
    lines += [
        "",
        "CPU seconds are those used while dispatching (for the fake and everything else: "
        f"during the dispatch wall time, of {os.cpu_count()} CPUs × that time). Load average: "
        + "; ".join(
            f"{r.now.astimezone(zoneinfo.ZoneInfo(ZONE)):%a} {r.load[0]:.1f} before, "
            f"{r.load[1]:.1f} after"
            for r in rounds
        )
        + ".",
        "",
        "The dispatcher's steps, seconds summed over a round's dispatchers (and their share "
        "of the dispatchers' wall time):",
        "",
        "| step | " + " | ".join(_day(r) + f" ({r.dispatchers})" for r in rounds) + " |",
        "|---|" + "---:|" * len(rounds),
    ]
    for name, label in DISPATCH_STEPS.items():
        cells = []
        for r in rounds:
            seconds = sum(w["steps"][name] for w in r.workers)
            wall = sum(w["ended"] - w["started"] for w in r.workers)
            cells.append(f"{seconds:.1f} ({seconds / wall:.0%})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _day(r: Round) -> str:
    return f"{r.now.astimezone(zoneinfo.ZoneInfo(ZONE)):%a}"


def _ordinal(n: int) -> str:
    return {2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


if __name__ == "__main__":
    sys.exit(main())
