"""``python -m benchmarks.insights``: seed a throw-away database with one organisation's
learning records (20,000 employees by default) and time every insights view three ways (the
selector, the API as JSON, the CSV export) plus the admin's insights page, which draws all
four. Prints the figures and, with --write-doc, records them in docs/performance.md."""

import datetime
import os
import sys
import time

from benchmarks import database
from benchmarks.insights_scale import parse_args

WARM_UP_CALLS = 2
API = "/api/v1/inzichten"
ADMIN_PAGE = "/admin/inzichten/"


def main(argv=None) -> int:
    return database.run_on_throwaway_database(parse_args, _run, argv)


def _run(scale, args, bench_db) -> int:
    from benchmarks import report
    from benchmarks.insights_seed import seed

    print(f"Benchmark database: {bench_db.engine} ({bench_db.url})")
    migrate_seconds = database.migrate()
    started = time.perf_counter()
    seeded = seed(scale)
    print(f"  seeded in {time.perf_counter() - started:.0f} s")

    load_before = os.getloadavg()[0]
    results, shapes = _measure(seeded, scale.samples)
    load_after = os.getloadavg()[0]
    body = _render(scale, seeded, migrate_seconds, results, shapes, (load_before, load_after))
    print()
    print(body)
    if args.write_doc:
        report.write_doc(bench_db.engine, body, section="insights")
    return 0


def _measure(seeded, samples: int):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from backend.organisations.models import Employee
    from benchmarks.timing import query_counts, summarise, timed
    from microlessons import insights
    from mobile_api.tokens import token_issue

    viewer = Employee.objects.select_related("organisation").get(pk=seeded.viewer_id)
    _token, raw = token_issue(employee=viewer, device_name="benchmark")
    api = Client(raise_request_exception=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    admin = Client(raise_request_exception=True)
    admin.force_login(get_user_model().objects.get(pk=viewer.user_id))

    def fetched(client, path):
        def call(_n):
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}: {response.content!r}")

        return call

    calls = []
    for view in insights.VIEWS:
        calls += [
            (
                f"`insight_table({view})`",
                lambda _n, v=view: insights.insight_table(
                    organisation=viewer.organisation, view=v, now=seeded.now
                ),
            ),
            (f"GET {API}/{view}", fetched(api, f"{API}/{view}")),
            (f"GET {API}/export?weergave={view}", fetched(api, f"{API}/export?weergave={view}")),
        ]
    calls.append((f"GET {ADMIN_PAGE} (all four, with charts)", fetched(admin, ADMIN_PAGE)))

    results = []
    for label, call in calls:
        print(f"Timing {label} ...", flush=True)
        for n in range(WARM_UP_CALLS):
            call(n)
        durations = timed(range(samples), call)
        results.append(summarise(label, durations, query_counts(range(3), call)))
    shapes = {
        view: insights.insight_table(organisation=viewer.organisation, view=view, now=seeded.now)
        for view in insights.VIEWS
    }
    return results, shapes


def _hidden(table) -> int:
    rows = [*table.rows, *([table.total] if table.total else [])]
    cells = [cell for row in rows for cell in [*row.cells, *([row.total] if row.total else [])]]
    return sum(cell.hidden for cell in cells)


def _render(scale, seeded, migrate_seconds, results, shapes, load) -> str:
    from benchmarks.report import database_version, machine

    rows = seeded.rows
    seeding = ", ".join(f"{label} {seconds:.0f} s" for label, seconds in seeded.timings.items())
    sizes = seeded.department_sizes
    tables = "; ".join(
        f"{view} {len(table.rows)} rows × {len(table.columns)} columns, {_hidden(table)} cells "
        f"hidden"
        for view, table in shapes.items()
    )
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {machine()}",
        f"· {database_version()}.",
        "",
        f"Scale: {scale.employees:,} employees in one organisation, {len(sizes)} departments "
        f"of {sizes[-1]} to {sizes[0]:,} people (median {sizes[len(sizes) // 2]}) and some "
        f"without one; a knowledge test of {scale.topics * scale.questions_per_topic} questions "
        f"in {scale.topics} topics, measured in 3 windows; "
        f"{rows.get('test attempts', 0):,} test attempts with "
        f"{rows.get('test answers', 0):,} answers; {rows.get('simulation attempts', 0):,} "
        f"simulation attempts of {scale.simulations} simulations; "
        f"{rows.get('activity days', 0):,} activity days in {scale.weeks} weeks.",
        f"Tables: {tables}.",
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
