"""The load test (``python -m benchmarks load``) still speaks today's API: a short, small run
with hardly any pauses makes every kind of visit of the mix, and all its calls succeed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the load test runs against gunicorn on PostgreSQL",
    ),
]

# One write of every kind of visit in benchmarks/locustfile.py.
EVERY_VISIT = [
    "POST /mij/antwoorden",
    "POST /mij/voltooiingen",
    "POST /mij/synchronisaties",
    "POST /mij/simulatiepogingen",
    "POST /complimenten",
    "POST /regelmeldingen",
    "POST /mij/notificaties/{uuid}/geopend",
    "POST /apparaten",
    "GET /mij/complimenten/ontvangen",
]


def test_a_short_load_run_makes_every_visit_without_an_error(db):
    database = connection.settings_dict
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}_bench_load"
        ),
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "load",
            *("--users", "12", "--people", "16", "--minutes", "0.4", "--workers", "2"),
            *("--saturation-users", "4", "--saturation-seconds", "4"),
            # Pauses of a tenth of a second: many visits in a few seconds.
            *("--think", "0.05-0.2", "--read", "0.01-0.05"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = run.stdout
    assert run.returncode == 0, report[-3000:] + run.stderr[-3000:]
    assert "Errors: **0** error responses, **0** server errors" in report
    missing = [call for call in EVERY_VISIT if f"`{call}`" not in report]
    assert not missing, f"no {missing} in the run:\n{report[-3000:]}"
    assert "Ratio of `GET /api/v1/mij/vandaag` to `GET /api/v1/mij` throughput" in report
