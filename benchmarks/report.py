"""The figures as Markdown: printed on stdout and, with --write-doc, written into
docs/performance.md between this database engine's markers (the rest of the doc is kept)."""

import datetime
import os
import platform
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import django
from django.db import connection

from benchmarks.queries import StatementStats
from benchmarks.scale import Scale
from benchmarks.seed import Seeded
from benchmarks.timing import Result
from benchmarks.today import SessionShape

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
# Each figures section (today, insights) holds one block per engine, each with its own markers.
ENGINE_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Figures:
    scale: Scale
    seeded: Seeded
    migrate_seconds: float
    results: list[Result]
    shape: SessionShape
    statements: list[StatementStats]
    # 1-minute load average before and after measuring: anything else running on the machine
    # (a test suite, say) shows up here and in the timings.
    load: tuple[float, float]


def database_version() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return f"PostgreSQL {version} on {connection.settings_dict['HOST'] or 'a local socket'}"
    return connection.vendor


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; Django {django.get_version()}"
    )


def render(figures: Figures) -> str:
    scale, seeded = figures.scale, figures.seeded
    rows = seeded.rows
    shape = figures.shape
    seeding = ", ".join(f"{label} {seconds:.0f} s" for label, seconds in seeded.timings.items())
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {machine()}",
        f"· {database_version()}.",
        "",
        f"Scale: {scale.learners:,} learners in one organisation; {scale.lessons} published "
        f"lessons (one question each) in {scale.modules} modules; "
        f"{rows.get('review cards', 0):,} review cards ({scale.cards} per learner); "
        f"{rows.get('completions', 0):,} lesson completions (the first {scale.completions} "
        f"lessons per learner); {rows.get('activity days', 0):,} activity days.",
        f"Sampled sessions: {shape.due_min}-{shape.due_max} reviews due "
        f"(mean {shape.due_mean:.1f}), {shape.reviews_mean:.1f} reviews planned, "
        f"next lesson in {shape.with_next_lesson} of {shape.sessions}.",
        "",
        f"Seeding took {seeded.total_seconds:.0f} s after a {figures.migrate_seconds:.0f} s "
        f"migrate ({seeding}). Load average while measuring: {figures.load[0]:.1f} before, "
        f"{figures.load[1]:.1f} after.",
        "",
        "| measured | calls | p50 ms | p95 ms | p99 ms | max ms | queries per call |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in figures.results:
        lines.append(
            f"| {result.label} | {result.calls} | {result.p50:.1f} | {result.p95:.1f} | "
            f"{result.p99:.1f} | {result.max:.1f} | {result.queries} |"
        )
    lines += [
        "",
        "Where `today_session()` spends its time (mean and max per statement, in the order "
        "they run):",
        "",
        "| # | statement | mean ms | max ms |",
        "|---:|---|---:|---:|",
    ]
    for stats in figures.statements:
        lines.append(
            f"| {stats.position} | `{stats.label}` | {stats.mean_ms:.2f} | {stats.max_ms:.2f} |"
        )
    # The rest of a call is Python: building and compiling the querysets, making objects.
    in_database = sum(stats.mean_ms for stats in figures.statements)
    lines.append(f"| | all statements | {in_database:.2f} | |")
    return "\n".join(lines)


def write_doc(engine: str, body: str, doc: Path = DOC, section: str = "today") -> None:
    """Replace this engine's block of ``section`` (today, insights) in the doc."""
    section_start = f"<!-- benchmark:{section}:start -->"
    section_end = f"<!-- benchmark:{section}:end -->"
    start = f"<!-- benchmark:{section}:{engine}:start -->"
    end = f"<!-- benchmark:{section}:{engine}:end -->"
    block = f"{start}\n### {ENGINE_TITLES.get(engine, engine)}\n\n{body}\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text, count=1)
    elif section_end in text:  # first run on this engine: add its block to the section
        text = text.replace(section_end, f"{block}\n\n{section_end}", 1)
    else:
        text = text.rstrip("\n") + f"\n\n{section_start}\n{block}\n\n{section_end}\n"
    doc.write_text(text, encoding="utf-8")
    print(f"Wrote the {ENGINE_TITLES.get(engine, engine)} {section} figures to {doc}")
