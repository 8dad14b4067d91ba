"""The load test's figures as Markdown (benchmarks/load.py prints them and, with --write-doc,
writes them into docs/performance.md)."""

import datetime
import os
from dataclasses import dataclass

from benchmarks.load_seed import LoadPeople
from benchmarks.report import database_version, machine

KB_PER_MB = 1024


@dataclass(frozen=True)
class LoadFigures:
    scale: object  # benchmarks.load.LoadScale
    people: LoadPeople
    migrate_seconds: float
    session: dict  # the first phone's GET /mij/vandaag, before the run
    phases: list  # benchmarks.load.Phase: the mix, then the two saturation runs
    memory_after_mix_kb: dict[int, int]  # worker pid -> peak RSS after the mix
    memory_kb: dict[int, int]  # worker pid -> peak RSS at the end
    written: dict[str, int]  # table -> rows the run added
    server_trouble: list[str]
    load_before: float
    command: str

    @property
    def errors(self) -> int:
        return sum(phase.total.failures for phase in self.phases if phase.total)

    @property
    def failed(self) -> bool:
        return bool(
            self.errors or self.server_trouble or any(phase.errors for phase in self.phases)
        )

    @property
    def throughput_ratio(self) -> float:
        no_op, today = self.phases[1].total, self.phases[2].total
        return today.rps / no_op.rps if no_op.rps else 0.0

    @property
    def cpu_cost_ratio(self) -> float:
        """Worker CPU per request of the no-op over that of today's session: steadier than the
        throughput ratio when the host steals a varying part of the cores."""
        no_op, today = (worker_ms_per_request(phase) for phase in self.phases[1:])
        return no_op / today if today else 0.0


def worker_ms_per_request(phase) -> float:
    requests = phase.total.requests if phase.total else 0
    return phase.cpu_seconds.get("gunicorn workers", 0.0) * 1000 / requests if requests else 0.0


def _ms(value: float) -> str:
    return f"{value:,.0f}"


def _calls_table(phase) -> list[str]:
    lines = [
        "| call | requests | per second | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for call in sorted(phase.calls, key=lambda c: -c.requests):
        lines.append(
            f"| `{call.method} {call.name}` | {call.requests:,} | {call.rps:,.1f} | "
            f"{_ms(call.p50)} | {_ms(call.p95)} | {_ms(call.p99)} | {_ms(call.max)} | "
            f"{call.failures} |"
        )
    total = phase.total
    lines.append(
        f"| **all calls** | **{total.requests:,}** | **{total.rps:,.1f}** | {_ms(total.p50)} | "
        f"{_ms(total.p95)} | {_ms(total.p99)} | {_ms(total.max)} | **{total.failures}** |"
    )
    return lines


def render(figures: LoadFigures) -> str:
    scale, people = figures.scale, figures.people
    mix, no_op, today = figures.phases
    session = figures.session
    peaks = sorted(figures.memory_kb.values())
    lines = [
        f"Run on {datetime.date.today():%Y-%m-%d}: {database_version()}; {machine()}; gunicorn "
        f"with {scale.workers} sync workers and Locust in the same machine, over loopback. "
        f"1-minute load average before the run: {figures.load_before:.1f}.",
        "",
        f"Command: `{figures.command}`",
        "",
        f"Data: the demo data plus {len(people.people):,} employees of Zeventerpen, each with "
        f"{people.completed_lessons} lessons of the learning path completed, "
        f"{people.review_cards // max(1, len(people.people)):,} review cards "
        f"({people.due_cards:,} due today in all) and {people.notifications:,} notifications. "
        f"The first phone's session before the run: "
        f"{'a new lesson' if session['les'] else 'no new lesson'}, "
        f"{len(session['herhalingen'])} reviews of {session['openstaandeHerhalingen']} due"
        f"{', a simulation' if session['simulatie'] else ''}.",
        "",
        f"**The mix: {scale.users} phones for {mix.seconds / 60:g} minutes** "
        f"({scale.spawn_rate} started per second). Each waits {scale.think} s between two "
        f"visits and {scale.read} s between two calls of a visit:",
        "",
        *_calls_table(mix),
        "",
        "Written during the run: "
        + ", ".join(f"{count:,} {table}" for table, count in figures.written.items())
        + ".",
        "",
        f"**Throughput of today's session next to the no-op**, in the same run, "
        f"{scale.saturation_users} phones without pauses for {scale.saturation_seconds} s each:",
        "",
        "| call | requests per second | p50 ms | p95 ms | p99 ms | worker CPU ms per request "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in (no_op, today):
        total = phase.total
        name = phase.calls[0].name if phase.calls else "?"
        lines.append(
            f"| `GET {name}` | {total.rps:,.1f} | {_ms(total.p50)} | {_ms(total.p95)} | "
            f"{_ms(total.p99)} | {worker_ms_per_request(phase):,.1f} | {total.failures} |"
        )
    lines += [
        "",
        f"Ratio of `GET /api/v1/mij/vandaag` to `GET /api/v1/mij` throughput: "
        f"**{figures.throughput_ratio:.2f}** (by worker CPU per request: "
        f"{figures.cpu_cost_ratio:.2f}).",
        "",
        f"Peak memory per gunicorn worker (resident, the kernel's high-water mark): "
        f"{', '.join(f'{kb / KB_PER_MB:,.0f}' for kb in peaks)} MB "
        f"(after the mix: {max(figures.memory_after_mix_kb.values()) / KB_PER_MB:,.0f} MB "
        "at most).",
        "",
        f"Errors: **{figures.errors}** error responses, "
        f"**{len(figures.server_trouble)}** server errors or restarted workers in gunicorn's log.",
        "",
        *_cpu_lines(figures.phases),
    ]
    return "\n".join(lines)


def _cpu_lines(phases) -> list[str]:
    cores = os.cpu_count() or 1
    lines = [
        f"Who used the machine's {cores} cores in each phase: CPU seconds (and share of the cores' "
        "time) per program, and the machine's split into busy, idle and stolen time (the time the "
        "virtual machine's host gave to others):",
        "",
        "| phase | wall s | gunicorn workers | PostgreSQL | Locust | busy | idle | stolen |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        used = phase.cpu_seconds
        capacity = phase.wall_seconds * cores or 1

        def share(who, used=used, capacity=capacity):
            return f"{used.get(who, 0):,.0f} ({used.get(who, 0) / capacity:.0%})"

        machine = phase.machine
        lines.append(
            f"| {phase.title} | {phase.wall_seconds:,.0f} | {share('gunicorn workers')} | "
            f"{share('PostgreSQL')} | {share('Locust')} | {machine.get('busy', 0):.0%} | "
            f"{machine.get('idle', 0):.0%} | {machine.get('stolen', 0):.0%} |"
        )
    overloaded = [p.title for p in phases if p.locust_cpu_warning]
    lines += [
        "",
        "Locust warned that its own CPU was above 90 % in: " + ", ".join(overloaded) + "."
        if overloaded
        else "Locust never warned that its own CPU was above 90 %.",
    ]
    return lines
