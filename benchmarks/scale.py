"""How big the benchmark is: command-line flags, with environment variables as defaults."""

import argparse
import os
from dataclasses import dataclass

# Learners whose offline batch warms up the sync benchmark (and gives its query counts).
EVENT_WARM_UP_LEARNERS = 3


def changed_size_flags(args, defaults, names) -> list[str]:
    """The ``--flag value`` parts of a command line for the sizes that differ from the defaults:
    how a report names the command that produced it."""
    return [
        f"--{name.replace('_', '-')} {getattr(args, name)}"
        for name in names
        if getattr(args, name) != getattr(defaults, name)
    ]


@dataclass(frozen=True)
class Scale:
    learners: int = 10_000
    lessons: int = 300  # published, one question each, split over the modules
    modules: int = 2
    cards: int = 200  # review cards per learner, one per lesson (so at most `lessons`)
    completions: int = 150  # the first N lessons of the path, completed by every learner
    samples: int = 300  # today_session() calls timed
    http_samples: int = 100  # GET /api/v1/mij/vandaag calls timed
    event_learners: int = 50  # learners that each sync one offline batch
    answers_per_batch: int = 50
    random_seed: int = 20_260_101

    @property
    def card_rows(self) -> int:
        return self.learners * self.cards

    @property
    def completion_rows(self) -> int:
        return self.learners * self.completions


def env_int(name: str, default: int) -> int:
    value = os.environ.get(f"BENCH_{name.upper()}")
    return int(value) if value else default


def parse_args(argv=None) -> tuple[Scale, argparse.Namespace]:
    defaults = Scale()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=(
            "Seed a throw-away database at scale and time today's session, the /mij/vandaag "
            "call and offline sync. PostgreSQL: set BENCH_DATABASE_URL. Every size can also be "
            "set as BENCH_<FLAG> in the environment (e.g. BENCH_LEARNERS=1000)."
        ),
    )
    sizes = {
        "learners": "learners in the organisation",
        "lessons": "published lessons in the learning path",
        "cards": "review cards per learner (at most --lessons)",
        "completions": "completed lessons per learner (at most --lessons)",
        "samples": "timed today_session() calls",
        "http_samples": "timed GET /api/v1/mij/vandaag calls",
        "event_learners": "learners that each sync one offline batch of answers",
    }
    for name, help_text in sizes.items():
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=int,
            default=env_int(name, getattr(defaults, name)),
            help=f"{help_text} (default {getattr(defaults, name):,})",
        )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="rewrite this database's figures in docs/performance.md",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the query plan of the slowest query in today_session()",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database afterwards"
    )
    args = parser.parse_args(argv)
    scale = Scale(**{name: getattr(args, name) for name in sizes})
    if scale.learners < 1 or scale.lessons < 1:
        parser.error("--learners and --lessons must be at least 1")
    if not 0 <= scale.cards <= scale.lessons or not 0 <= scale.completions <= scale.lessons:
        parser.error("--cards and --completions must be between 0 and --lessons")
    if min(scale.samples, scale.http_samples, scale.event_learners) < 1:
        parser.error("--samples, --http-samples and --event-learners must be at least 1")
    if scale.event_learners + EVENT_WARM_UP_LEARNERS > scale.learners:
        parser.error(
            f"each syncing learner syncs once: --learners must be at least --event-learners + "
            f"{EVENT_WARM_UP_LEARNERS} (for the warm-up)"
        )
    if scale.answers_per_batch > scale.lessons:
        parser.error(f"an offline batch answers {scale.answers_per_batch} different lessons")
    return scale, args
