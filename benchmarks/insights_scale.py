"""How big the insights benchmark is: command-line flags, with environment variables
(BENCH_<FLAG>) as defaults, as for the main benchmark."""

import argparse
from dataclasses import dataclass

from benchmarks.scale import env_int

# Per department on average: the seeding gives every department but the two small ones 5 or more.
MIN_EMPLOYEES = 10


@dataclass(frozen=True)
class InsightsScale:
    employees: int = 20_000
    departments: int = 40  # two of them too small to show
    topics: int = 8  # modules the knowledge test covers
    questions_per_topic: int = 5
    simulations: int = 6
    plays_per_employee: int = 3  # mean completed and unfinished simulation plays
    weeks: int = 12  # of activity days, as many as the participation view shows
    samples: int = 30  # timed calls per view and way of asking
    random_seed: int = 20_261_201


SIZES = {
    "employees": "employees in the organisation",
    "departments": "departments (two of them with 4 and 3 people)",
    "plays_per_employee": "mean simulation plays per employee",
    "samples": "timed calls per view and way of asking",
}


def parse_args(argv=None) -> tuple[InsightsScale, argparse.Namespace]:
    defaults = InsightsScale()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.insights",
        description=(
            "Seed a throw-away database with an organisation's learning records and time every "
            "insights view: the selector, the API (JSON and CSV) and the admin page. "
            "PostgreSQL: set BENCH_DATABASE_URL."
        ),
    )
    for name, help_text in SIZES.items():
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=int,
            default=env_int(name, getattr(defaults, name)),
            help=f"{help_text} (default {getattr(defaults, name):,})",
        )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="rewrite this database's insights figures in docs/performance.md",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database afterwards"
    )
    args = parser.parse_args(argv)
    scale = InsightsScale(**{name: getattr(args, name) for name in SIZES})
    if scale.departments < 3:
        parser.error("--departments must be at least 3 (two small ones and a real one)")
    if scale.employees < MIN_EMPLOYEES * scale.departments:
        parser.error(f"--employees must be at least {MIN_EMPLOYEES} per department")
    if scale.samples < 1 or scale.plays_per_employee < 0:
        parser.error("--samples must be at least 1 and --plays-per-employee at least 0")
    return scale, args
