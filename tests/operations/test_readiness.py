"""/health/ready reports the scheduler's last tick, but a late scheduler never makes the API
unready: it serves without it. (The database check itself: tests/mobile_api/test_health.py.)"""

import datetime

import pytest
from django.db import DatabaseError
from django.test import Client

from mobile_api.models import SchedulerTick


def _tick(job_id, seconds_ago, *, finished=True):
    started = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=seconds_ago)
    return SchedulerTick.objects.create(
        job_id=job_id,
        last_started_at=started,
        last_finished_at=started + datetime.timedelta(seconds=1) if finished else None,
        last_ok=True if finished else None,
    )


def _ready():
    response = Client().get("/health/ready")
    assert response.status_code == 200  # whatever the scheduler does
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    return body["scheduler"]


def test_unknown_when_no_job_ever_ran(db):
    assert _ready() == {"lastTick": None, "status": "unknown"}


def test_ok_when_the_newest_tick_is_recent(db, settings):
    settings.PUSH_TICK_SECONDS = 30
    _tick("retire_stale_devices", 3000)  # an hourly job, long ago: the newest counts
    recent = _tick("dispatch_notifications", 20)

    scheduler = _ready()

    assert scheduler["status"] == "ok"
    last_tick = datetime.datetime.fromisoformat(scheduler["lastTick"])
    assert scheduler["lastTick"].endswith("Z")
    assert last_tick == recent.last_finished_at


def test_a_tick_still_running_counts_by_its_start(db, settings):
    settings.PUSH_TICK_SECONDS = 30
    running = _tick("dispatch_notifications", 100, finished=False)  # a slow dispatch run

    scheduler = _ready()

    assert scheduler["status"] == "ok"
    assert datetime.datetime.fromisoformat(scheduler["lastTick"]) == running.last_started_at


@pytest.mark.parametrize(
    ("tick_seconds", "seconds_ago", "status"),
    [(30, 145, "ok"), (30, 155, "late"), (1, 60, "ok"), (1, 70, "late"), (300, 900, "ok")],
)
def test_late_after_three_fastest_intervals_and_a_minute(
    db, settings, tick_seconds, seconds_ago, status
):
    settings.PUSH_TICK_SECONDS = tick_seconds
    _tick("dispatch_notifications", seconds_ago, finished=False)
    _tick("retire_stale_devices", seconds_ago + 5000)

    assert _ready()["status"] == status


def test_a_late_scheduler_keeps_the_api_ready_but_says_so(db, settings):
    settings.PUSH_TICK_SECONDS = 30
    old = _tick("dispatch_notifications", 24 * 3600)

    scheduler = _ready()  # asserts the 200

    assert scheduler["status"] == "late"
    assert datetime.datetime.fromisoformat(scheduler["lastTick"]) == old.last_finished_at


def test_an_unreadable_heartbeat_is_unknown_not_unready(db, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("relation does not exist")

    monkeypatch.setattr(SchedulerTick.objects, "aggregate", broken)

    assert _ready() == {"lastTick": None, "status": "unknown"}
