"""``python -m benchmarks``: seed a throw-away database at scale, time today's session (selector
and HTTP call) and offline sync, print the figures and optionally record them in the docs.
``python -m benchmarks cards`` runs the compliment-card benchmark (benchmarks/cards.py),
``python -m benchmarks suggestions`` the similar-report suggestions (benchmarks/suggestions.py),
``python -m benchmarks nudges`` everyone's daily nudge planned and pushed (benchmarks/nudges.py),
``python -m benchmarks load`` the mobile calls under load through gunicorn (benchmarks/load.py)."""

import os
import random
import sys
import time

from benchmarks import database
from benchmarks.scale import parse_args


def main(argv=None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["cards"]:  # python -m benchmarks cards: the compliment cards
        from benchmarks import cards

        return cards.main(arguments[1:])
    if arguments[:1] == ["suggestions"]:  # the rule reports' similar-report suggestions
        from benchmarks import suggestions

        return suggestions.main(arguments[1:])
    if arguments[:1] == ["nudges"]:  # everyone's daily nudge, planned and pushed at once
        from benchmarks import nudges

        return nudges.main(arguments[1:])
    if arguments[:1] == ["load"]:  # the mobile mix through gunicorn and PostgreSQL, with Locust
        from benchmarks import load

        return load.main(arguments[1:])
    scale, args = parse_args(argv)
    # The database must be chosen before Django reads its settings.
    bench_db = database.prepare(keep=args.keep)
    try:
        import django

        django.setup()
        return _run(scale, args, bench_db)
    finally:
        bench_db.drop()


def _run(scale, args, bench_db) -> int:
    # Imported after django.setup(): these modules import models.
    from benchmarks import queries, report, seed, today
    from benchmarks.events import WARM_UP_BATCHES, measure_events

    print(f"Benchmark database: {bench_db.engine} ({bench_db.url})")
    migrate_seconds = database.migrate()
    print(f"  migrate {migrate_seconds:.1f} s")
    started = time.perf_counter()
    seeded = seed.seed(scale)
    print(f"  seeded in {time.perf_counter() - started:.0f} s")

    # Separate, fixed random streams: changing one sample size does not reshuffle the others.
    learners = today.sample_employees(seeded, scale.samples, random.Random(scale.random_seed))
    warm_up = today.sample_employees(seeded, 10, random.Random(scale.random_seed + 1))
    http_learners = today.sample_employees(
        seeded, scale.http_samples, random.Random(scale.random_seed + 2)
    )

    load_before = os.getloadavg()[0]
    print("Timing today_session() ...", flush=True)
    selector, shape = today.measure_selector(seeded, learners, warm_up)

    statements = queries.per_statement(learners, today.session_call(seeded))
    print("Timing GET /api/v1/mij/vandaag ...", flush=True)
    http = today.measure_http(http_learners, warm_up)

    print("Timing record_learner_events() ...", flush=True)
    # Writes come last, so the reads above were timed on the seeded data. One sample: every
    # learner in it syncs once (warm-up learners first), so no batch is recorded twice.
    writers = today.sample_employees(
        seeded, scale.event_learners + WARM_UP_BATCHES, random.Random(scale.random_seed + 3)
    )
    sync, replay = measure_events(
        seeded,
        writers[WARM_UP_BATCHES:],
        writers[:WARM_UP_BATCHES],
        scale.answers_per_batch,
        random.Random(scale.random_seed + 4),
    )

    load_after = os.getloadavg()[0]
    figures = report.Figures(
        scale=scale,
        seeded=seeded,
        migrate_seconds=migrate_seconds,
        results=[selector, http, sync, replay],
        shape=shape,
        statements=statements,
        load=(load_before, load_after),
    )
    body = report.render(figures)
    print()
    print(body)
    if args.explain:
        slowest = max(statements, key=lambda stats: stats.mean_ms)
        print(f"\nSlowest statement (#{slowest.position}, {slowest.label}):\n")
        print(slowest.example.sql)
        print(f"params: {slowest.example.params}\n")
        print(queries.explain(slowest.example))
    if args.write_doc:
        report.write_doc(bench_db.engine, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
