"""``python -m benchmarks load``: the mobile app's calls under load, through gunicorn and
PostgreSQL on loopback, with Locust (benchmarks/locustfile.py).

1. A throw-away PostgreSQL database (BENCH_DATABASE_URL, by default ``dienst_dna_bench_load``
   on 127.0.0.1) gets the demo data and ``--people`` extra employees of Zeventerpen with a few
   weeks of use and a bearer token each (benchmarks/load_seed.py).
2. gunicorn starts on a free loopback port with ``--workers`` sync workers, as in production.
3. The mix: ``--users`` phones for ``--minutes``, each visiting the app every few seconds.
4. In the same run, on the same server: ``--saturation-users`` phones without pauses, first
   ``GET /api/v1/mij`` only, then ``GET /api/v1/mij/vandaag`` only, ``--saturation-seconds``
   each. Their ratio says what today's session costs next to authentication, middleware and
   JSON alone.
5. The figures: requests per second, p50/p95/p99 per call, errors, each gunicorn worker's peak
   memory (the kernel's high-water mark), rows written, and whether Locust itself ran out of CPU.

Fails (exit status 1) on any error response, any server error in gunicorn's log, or a worker
that was restarted. ``--write-doc`` puts the figures into docs/performance.md.
"""

import argparse
import csv
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from benchmarks import database
from benchmarks.scale import changed_size_flags

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/dienst_dna_bench_load"
MIX = "MobilePhone"
NO_OP = ("NoOpPhone", "/api/v1/mij")
TODAY = ("TodayPhone", "/api/v1/mij/vandaag")


@dataclass(frozen=True)
class LoadScale:
    users: int = 200
    spawn_rate: int = 20  # phones started per second
    minutes: float = 3.0
    people: int = 400  # employees with a token: more than phones, so no two phones share one
    workers: int = 4
    saturation_users: int = 16
    saturation_seconds: int = 30
    # A phone's pauses, in seconds: between two visits (someone serving the next client), and
    # between two calls of one visit (reading a lesson block or a question before tapping on).
    think: str = "10-30"
    read: str = "5-15"
    random_seed: int = 20261201

    def pauses(self) -> dict[str, str]:
        """The pauses for benchmarks/locustfile.py, through its environment."""
        think_min, think_max = _range(self.think)
        read_min, read_max = _range(self.read)
        return {
            "LOAD_THINK_MIN": str(think_min),
            "LOAD_THINK_MAX": str(think_max),
            "LOAD_READ_MIN": str(read_min),
            "LOAD_READ_MAX": str(read_max),
        }


def _range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    low, high = float(low), float(high or low)
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError(f"{text!r} is not a range of seconds such as 10-30")
    return low, high


SIZES = [name for name in LoadScale.__dataclass_fields__ if name != "random_seed"]


def parse_args(argv=None) -> tuple[LoadScale, argparse.Namespace]:
    defaults = LoadScale()
    parser = argparse.ArgumentParser(prog="python -m benchmarks load", description=__doc__)
    for name in SIZES:
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=type(getattr(defaults, name)),
            default=getattr(defaults, name),
        )
    parser.add_argument("--write-doc", action="store_true", help="record in docs/performance.md")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    for pauses in ("think", "read"):
        try:
            _range(getattr(args, pauses))
        except (ValueError, argparse.ArgumentTypeError):
            parser.error(f"--{pauses} takes seconds as MIN-MAX, for example 10-30")
    if args.people < args.users:
        parser.error("--people must be at least --users: every phone is its own employee")
    scale = LoadScale(**{name: getattr(args, name) for name in SIZES})
    return scale, args


def main(argv=None) -> int:
    os.environ.setdefault(database.BENCH_DATABASE_URL, DEFAULT_DATABASE)
    return database.run_on_throwaway_database(parse_args, _run, argv)


# --- Locust's figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class CallFigures:
    method: str
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float


@dataclass
class Phase:
    title: str
    users: int
    seconds: float
    calls: list[CallFigures]
    total: CallFigures
    errors: list[str] = field(default_factory=list)
    locust_cpu_warning: bool = False
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # who -> CPU seconds used
    machine: dict[str, float] = field(default_factory=dict)  # busy/idle/stolen -> share
    wall_seconds: float = 0.0

    def call(self, name: str) -> CallFigures:
        return next(c for c in self.calls if c.name == name)


def _read_stats(prefix: Path) -> tuple[list[CallFigures], CallFigures]:
    calls, total = [], None
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            figures = CallFigures(
                method=row["Type"],
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                rps=float(row["Requests/s"]),
                p50=float(row["50%"]),
                p95=float(row["95%"]),
                p99=float(row["99%"]),
                max=float(row["Max Response Time"]),
            )
            if row["Name"] == "Aggregated":
                total = figures
            else:
                calls.append(figures)
    return calls, total


def _read_failures(prefix: Path) -> list[str]:
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as failures:
        return [
            f"{row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(failures)
        ]


def _cpu_by_pid(processes) -> dict[int, float]:
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:  # gone meanwhile
            continue
        seconds[process.pid] = times.user + times.system
    return seconds


def _postgres_processes():
    return [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished children: Locust's runs
    return usage.ru_utime + usage.ru_stime


class CpuClock:
    """Who used the machine during a phase: CPU seconds of gunicorn's workers, of PostgreSQL's
    processes (those that lived through the phase) and of Locust, and the machine's own split
    into busy, idle and stolen time (a virtual machine's cores are shared with its host)."""

    def __init__(self, server):
        self.server = server

    def _sample(self):
        return (
            {
                "gunicorn workers": _cpu_by_pid(
                    psutil.Process(pid) for pid in self.server.worker_pids()
                ),
                "PostgreSQL": _cpu_by_pid(_postgres_processes()),
            },
            _children_cpu_seconds(),
            psutil.cpu_times(),
        )

    def __enter__(self):
        self.started = time.perf_counter()
        self.before = self._sample()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.started
        (processes, locust, machine), (processes_before, locust_before, machine_before) = (
            self._sample(),
            self.before,
        )
        self.used = {
            who: sum(
                seconds - processes_before[who].get(pid, 0.0) for pid, seconds in by_pid.items()
            )
            for who, by_pid in processes.items()
        }
        self.used["Locust"] = locust - locust_before
        total = sum(machine) - sum(machine_before)
        idle = (machine.idle + machine.iowait) - (machine_before.idle + machine_before.iowait)
        steal = machine.steal - machine_before.steal
        self.machine = {
            "busy": (total - idle - steal) / total if total else 0.0,
            "idle": idle / total if total else 0.0,
            "stolen": steal / total if total else 0.0,
        }
        return False


@dataclass(frozen=True)
class Locust:
    """Runs one phase of simulated phones against the server, and reads Locust's figures."""

    server: "Server"
    people_file: Path
    folder: Path
    pauses: dict[str, str]

    def phase(self, title: str, user_class: str, users: int, seconds: float, spawn_rate: int):
        print(f"  {title}: {users} phones for {seconds:.0f} s ...", flush=True)
        prefix = self.folder / user_class
        with CpuClock(self.server) as clock:
            completed = subprocess.run(
                [
                    str(BIN / "locust"),
                    *("-f", str(ROOT / "benchmarks" / "locustfile.py")),
                    "--headless",
                    *("--host", self.server.base),
                    *("--users", str(users), "--spawn-rate", str(spawn_rate)),
                    *("--run-time", f"{seconds:.0f}s", "--stop-timeout", "5"),
                    *("--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
                    user_class,
                ],
                cwd=self.folder,
                env={**os.environ, **self.pauses, "LOAD_PEOPLE_FILE": str(self.people_file)},
                capture_output=True,
                text=True,
            )
        calls, total = _read_stats(prefix)
        phase = Phase(title, users, seconds, calls, total, errors=_read_failures(prefix))
        phase.locust_cpu_warning = "CPU usage above" in completed.stderr
        if total is None or total.requests == 0:
            phase.errors.append(f"locust made no requests: {completed.stderr[-2000:]}")
        phase.cpu_seconds, phase.wall_seconds, phase.machine = clock.used, clock.wall, clock.machine
        return phase


# --- The server --------------------------------------------------------------------------------


class Server:
    """gunicorn on a free loopback port, as in production (sync workers, the project's
    gunicorn.conf.py), with its log in the run's folder."""

    def __init__(self, workers: int, folder: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.log = folder / "gunicorn.log"
        self.workers = workers
        self._log_file = open(self.log, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "backend.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env={**os.environ, "LOG_FORMAT": "json"},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self) -> None:
        for _attempt in range(300):
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log}")
            try:
                urllib.request.urlopen(f"{self.base}/health/live", timeout=1)
                if len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_memory_kb(self) -> dict[int, int]:
        """Each worker's peak resident memory so far (VmHWM: the kernel keeps the high-water
        mark, so nothing between two samples is missed)."""
        return {pid: _status_kb(pid, "VmHWM") for pid in self.worker_pids()}

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._log_file.close()
        return self.log.read_text(encoding="utf-8")


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def server_errors(log: str, workers: int) -> list[str]:
    """Server errors and restarted workers in gunicorn's log: the app logs JSON lines (as in
    production), gunicorn its own; every worker boots once."""
    trouble, boots = [], 0
    for line in log.splitlines():
        boots += "Booting worker" in line
        if line.startswith("{"):
            if json.loads(line).get("level") in {"ERROR", "CRITICAL"}:
                trouble.append(line)
        elif any(mark in line for mark in ("[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Traceback")):
            trouble.append(line)
    if boots > workers:
        trouble.append(f"{boots - workers} worker(s) restarted during the run")
    return trouble


# --- The run -----------------------------------------------------------------------------------


def _first_session(base: str, token: str) -> dict:
    request = urllib.request.Request(
        f"{base}/api/v1/mij/vandaag", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _written_rows() -> dict[str, int]:
    from campaigns.compliments.models import Compliment
    from campaigns.rule_reports.models import RuleReport
    from microlessons.models import AnswerRecord, LessonCompletion, SimulationAttempt
    from mobile_api.push.models import Device

    return {
        "answers": AnswerRecord.objects.count(),
        "completions": LessonCompletion.objects.count(),
        "simulation attempts": SimulationAttempt.objects.count(),
        "compliments": Compliment.objects.count(),
        "rule reports": RuleReport.objects.count(),
        "devices": Device.objects.count(),
    }


def _run(scale: LoadScale, args, bench_db) -> int:
    from django.core.management import call_command
    from django.db import connections

    from benchmarks import load_report, load_seed

    if bench_db.engine != "postgresql":
        raise SystemExit("The load test runs on PostgreSQL: set BENCH_DATABASE_URL")
    print(f"Load test database: {bench_db.url}")
    migrate_seconds = database.migrate()
    call_command("load_demo_data", verbosity=0)
    started = time.perf_counter()
    people = load_seed.seed(scale.people, random.Random(scale.random_seed))
    print(f"  seeded {len(people.people)} employees in {time.perf_counter() - started:.0f} s")
    rows_before = _written_rows()
    connections.close_all()  # gunicorn's workers have their own connections

    folder = Path(tempfile.mkdtemp(prefix="locust-", dir=bench_db.temp_dir))
    people_file = folder / "people.json"
    people_file.write_text(json.dumps(people.as_json()), encoding="utf-8")
    server = Server(scale.workers, folder)
    try:
        server.wait_until_up()
        session = _first_session(server.base, people.people[0].token)
        load_before = os.getloadavg()[0]
        locust = Locust(server, people_file, folder, scale.pauses())
        mix = locust.phase("the mix", MIX, scale.users, scale.minutes * 60, scale.spawn_rate)
        memory = server.peak_memory_kb()
        no_op, today = (
            locust.phase(
                f"saturation, {path} only",
                user_class,
                scale.saturation_users,
                scale.saturation_seconds,
                spawn_rate=scale.saturation_users,
            )
            for user_class, path in (NO_OP, TODAY)
        )
        memory_after = server.peak_memory_kb()
    finally:
        log = server.stop()
    written = {table: count - rows_before.get(table, 0) for table, count in _written_rows().items()}
    trouble = server_errors(log, scale.workers)
    figures = load_report.LoadFigures(
        scale=scale,
        people=people,
        migrate_seconds=migrate_seconds,
        session=session,
        phases=[mix, no_op, today],
        memory_after_mix_kb=memory,
        memory_kb=memory_after,
        written=written,
        server_trouble=trouble,
        load_before=load_before,
        command=_command(args),
    )
    body = load_report.render(figures)
    print()
    print(body)
    if trouble:
        print("\ngunicorn's log:\n" + "\n".join(trouble[:40]), file=sys.stderr)
    if figures.failed:
        print("\nThe load test FAILED: see the errors above.", file=sys.stderr)
        return 1
    if args.write_doc:
        from benchmarks import report

        report.write_doc(bench_db.engine, body, section="load")
    return 0


def _command(args) -> str:
    parts = [
        ".venv/bin/python -m benchmarks load",
        *changed_size_flags(args, LoadScale(), SIZES),
        "--write-doc",
    ]
    return " ".join(parts)
