"""Probes for the load balancer: liveness (the process answers) and readiness (it can work).

Readiness also reports the scheduler's heartbeat, but only reports it: the API serves without
the scheduler (pushes and housekeeping wait), so a late scheduler never takes it out of the
load balancer. Watch ``scheduler.status`` in your monitoring instead.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from backend.common.moments import utc_iso
from mobile_api.models import SchedulerTick
from mobile_api.problems import problem_response

logger = logging.getLogger(__name__)

# How long past its last tick the scheduler may be quiet: three of the fastest job's intervals
# (a slow dispatch run, a restart) and a minute of grace.
LATE_TICKS = 3
LATE_GRACE = datetime.timedelta(seconds=60)


def scheduler_heartbeat(*, now: datetime.datetime | None = None) -> dict:
    """``{"lastTick": <UTC ISO 8601 or None>, "status": "ok" | "late" | "unknown"}``: the
    newest start or finish of any job; unknown when no job ever ran (or it cannot be read)."""
    try:
        newest = SchedulerTick.objects.aggregate(
            started=Max("last_started_at"), finished=Max("last_finished_at")
        )
    except DatabaseError:
        logger.warning("Could not read the scheduler's heartbeat", exc_info=True)
        return {"lastTick": None, "status": "unknown"}
    moments = [moment for moment in newest.values() if moment is not None]
    if not moments:
        return {"lastTick": None, "status": "unknown"}
    last_tick = max(moments)
    now = now or datetime.datetime.now(datetime.UTC)
    allowed = datetime.timedelta(seconds=LATE_TICKS * settings.PUSH_TICK_SECONDS) + LATE_GRACE
    status = "late" if now - last_tick > allowed else "ok"
    return {"lastTick": utc_iso(last_tick), "status": status}


@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@require_GET
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means: send no traffic here
        return problem_response(
            request, 503, code="database_unavailable", detail=type(exc).__name__
        )
    return JsonResponse({"status": "ok", "database": "ok", "scheduler": scheduler_heartbeat()})
