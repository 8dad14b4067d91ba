"""Every log line carries a request id: one per HTTP request (returned as X-Request-ID) and one
per scheduler job run; in production the lines are JSON."""

import datetime
import json
import logging
import re
import sys
import uuid

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from backend.common.request_ids import (
    RequestIdFilter,
    bound_request_id,
    request_id_current,
)
from backend.common.structured_logs import JsonFormatter, PlainFormatter
from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record
from mobile_api.models import SchedulerTick
from mobile_api.push import jobs
from mobile_api.push.preferences import preferences_update
from mobile_api.scheduler import build_scheduler, with_fresh_database_connection
from tests.push.conftest import device_for
from tests.test_settings_and_deploy import PRODUCTION_ENV, manage

view_logger = logging.getLogger("tests.operations.view")


def logging_view(request):
    view_logger.info("inside the view")
    return HttpResponse("taken", status=409)  # Django itself logs "Conflict: ..." after the chain


urlpatterns = [path("logging-view", logging_view)]


@pytest.fixture
def caplog_with_ids(caplog):
    """caplog's handler with the request-id filter the console handler has in settings."""
    request_filter = RequestIdFilter()
    caplog.handler.addFilter(request_filter)
    caplog.set_level(logging.INFO)
    yield caplog
    caplog.handler.removeFilter(request_filter)


# --- HTTP requests ----------------------------------------------------------------------------


def test_every_response_gets_a_generated_request_id(db):
    first = Client().get("/health/live")
    second = Client().get("/api/v1/geen-bestaand-pad")  # errors too (problem+json)

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert second.status_code == 404


@pytest.mark.parametrize("incoming", ["lb-7f3a.19_X", "a" * 64, "0"])
def test_a_sane_incoming_request_id_is_kept(db, incoming):
    response = Client().get("/health/live", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming", ["", "a" * 65, "with space", "semi;colon", "quote'", "ünïcode", "<script>"]
)
def test_an_insane_incoming_request_id_is_replaced(db, incoming):
    response = Client().get("/health/live", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_log_lines_of_a_request_carry_its_id_and_none_outside(db, settings, caplog_with_ids):
    settings.ROOT_URLCONF = __name__
    view_logger.info("before the request")

    response = Client().get("/logging-view", HTTP_X_REQUEST_ID="req-42")
    view_logger.info("after the request")

    assert response.status_code == 409 and response["X-Request-ID"] == "req-42"
    ids = {record.getMessage(): record.request_id for record in caplog_with_ids.records}
    assert ids["inside the view"] == "req-42"
    assert ids["Conflict: /logging-view"] == "req-42"  # django.request, after the middleware
    assert ids["before the request"] == ids["after the request"] == ""
    assert request_id_current() == ""


# --- Formats ----------------------------------------------------------------------------------


def _record(message="Sent %s pushes", args=(3,), exc_info=None, level=logging.INFO):
    record = logging.LogRecord(
        "mobile_api.push.dispatch", level, __file__, 1, message, args, exc_info
    )
    RequestIdFilter().filter(record)
    return record


def test_the_json_formatter_writes_one_object_with_the_fields():
    with bound_request_id("req-7"):
        record = _record()
    line = JsonFormatter().format(record)

    entry = json.loads(line)
    assert "\n" not in line
    assert set(entry) == {"time", "level", "logger", "message", "request_id"}
    assert entry["level"] == "INFO"
    assert entry["logger"] == "mobile_api.push.dispatch"
    assert entry["message"] == "Sent 3 pushes"
    assert entry["request_id"] == "req-7"
    assert entry["time"].endswith("Z")
    moment = datetime.datetime.fromisoformat(entry["time"])
    assert moment.utcoffset() == datetime.timedelta(0)
    assert abs(moment - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


def test_the_json_formatter_includes_the_exception():
    try:
        raise ValueError("Noël's tick broke")
    except ValueError:
        record = _record("Job failed", (), exc_info=sys.exc_info(), level=logging.ERROR)
    entry = json.loads(JsonFormatter().format(record))

    assert entry["level"] == "ERROR"
    assert entry["request_id"] == ""
    assert entry["exc_info"].startswith("Traceback")
    assert "ValueError: Noël's tick broke" in entry["exc_info"]


def test_the_plain_format_shows_the_request_id_only_when_there_is_one():
    with bound_request_id("req-8"):
        inside = PlainFormatter().format(_record())
    outside = PlainFormatter().format(_record())

    assert inside.endswith("INFO mobile_api.push.dispatch [req-8]: Sent 3 pushes")
    assert outside.endswith("INFO mobile_api.push.dispatch: Sent 3 pushes")


def test_settings_use_plain_logs_outside_production(settings):
    assert settings.LOG_FORMAT == "plain"
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "plain" and "request_id" in handler["filters"]


@pytest.mark.slow
def test_production_logs_json_unless_told_otherwise():
    say = "import logging; logging.getLogger('ops.test').warning('hallo %s', 'wereld')"

    json_run = manage("shell", "-c", say, env=PRODUCTION_ENV)
    plain_run = manage("shell", "-c", say, env={**PRODUCTION_ENV, "LOG_FORMAT": "plain"})
    wrong_run = manage("check", env={**PRODUCTION_ENV, "LOG_FORMAT": "xml"})

    assert json_run.returncode == 0, json_run.stderr
    lines = [json.loads(line) for line in json_run.stderr.splitlines() if "ops.test" in line]
    assert [(e["logger"], e["message"], e["request_id"]) for e in lines] == [
        ("ops.test", "hallo wereld", "")
    ]
    assert "WARNING ops.test: hallo wereld" in plain_run.stderr
    assert wrong_run.returncode != 0 and "LOG_FORMAT" in wrong_run.stderr


# --- Scheduler jobs ---------------------------------------------------------------------------


def test_every_job_run_has_its_own_request_id_and_records_its_tick(
    transactional_db, caplog_with_ids
):
    seen = []

    def job():
        seen.append(request_id_current())
        logging.getLogger("tests.operations.job").info("working")
        return "done"

    run = with_fresh_database_connection(job, job_id="house_keeping")
    assert run() == "done" and run() == "done"

    assert all(re.fullmatch(r"job-house_keeping-[0-9a-f]{8}", seen_id) for seen_id in seen)
    assert seen[0] != seen[1]
    working = [r.request_id for r in caplog_with_ids.records if r.getMessage() == "working"]
    assert working == seen
    assert request_id_current() == ""
    tick = SchedulerTick.objects.get()  # one row per job, updated in place
    assert tick.job_id == "house_keeping" and tick.last_ok is True
    assert tick.last_started_at <= tick.last_finished_at


def test_a_failing_job_records_a_failed_tick_and_still_raises(transactional_db):
    def broken_job():
        raise RuntimeError("FCM is down")

    with pytest.raises(RuntimeError, match="FCM is down"):
        with_fresh_database_connection(broken_job)()

    tick = SchedulerTick.objects.get(job_id="broken_job")  # the function's name by default
    assert tick.last_ok is False and tick.last_finished_at is not None


def test_a_tick_that_cannot_be_recorded_does_not_break_the_job(
    transactional_db, monkeypatch, caplog_with_ids
):
    def unwritable(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SchedulerTick.objects, "bulk_create", unwritable)

    assert with_fresh_database_connection(lambda: 42, job_id="answer")() == 42
    assert not SchedulerTick.objects.exists()
    assert "Could not record the tick of job answer" in caplog_with_ids.text


def test_the_push_dispatchers_log_lines_carry_the_jobs_request_id(
    transactional_db, employee, settings, caplog_with_ids
):
    settings.PUSH_BACKEND = "mobile_api.push.backends.LogPushBackend"
    jobs._backend.cache_clear()
    preferences_update(employee=employee, quiet_hours=False)
    device_for(employee)
    outbox_event_record(
        kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
        employee=employee,
        subject_uuid=uuid.uuid4(),
        deliver_after=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1),
    )
    scheduled = {job.id: job for job in build_scheduler().get_jobs()}

    try:
        scheduled["plan_notifications"].func()
        scheduled["dispatch_notifications"].func()
    finally:
        jobs._backend.cache_clear()

    dispatcher_ids = {
        record.request_id
        for record in caplog_with_ids.records
        if record.name.startswith("mobile_api.push")
        and record.getMessage().startswith(("push (log only)", "Dispatched"))
    }
    assert len(dispatcher_ids) == 1
    assert re.fullmatch(r"job-dispatch_notifications-[0-9a-f]{8}", dispatcher_ids.pop())
    ticks = dict(SchedulerTick.objects.values_list("job_id", "last_ok"))
    assert ticks == {"plan_notifications": True, "dispatch_notifications": True}
