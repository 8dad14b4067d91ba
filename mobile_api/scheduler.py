"""The scheduler process: recurring jobs that run outside the request cycle.

Every job is idempotent, so running it twice (two scheduler processes, or a restart right after
a run) does no harm.
"""

import datetime
import functools
import logging
import uuid

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from backend.common.request_ids import bound_request_id
from mobile_api.models import SchedulerTick
from mobile_api.retention import retention_enforce
from mobile_api.tokens import tokens_purge

logger = logging.getLogger(__name__)


def _tick_record(job_id: str, **fields) -> None:
    """Upsert the job's heartbeat row. Never raises: a job must not fail for its heartbeat."""
    try:
        with transaction.atomic():  # a failure here must not spoil a caller's transaction
            SchedulerTick.objects.bulk_create(
                [SchedulerTick(job_id=job_id, **fields)],
                update_conflicts=True,
                unique_fields=["job_id"],
                update_fields=list(fields),
            )
    except Exception:
        logger.warning("Could not record the tick of job %s", job_id, exc_info=True)


def with_fresh_database_connection(job, job_id: str | None = None):
    """A long-lived process must drop broken or stale connections around every job.

    Every run also gets its own request id (``job-<job id>-<8 hex>``) for its log lines and
    records its start and end in SchedulerTick (the scheduler's heartbeat for /health/ready).
    """
    job_id = job_id or job.__name__

    @functools.wraps(job)
    def run():
        close_old_connections()
        with bound_request_id(f"job-{job_id}-{uuid.uuid4().hex[:8]}"):
            started_at = timezone.now()
            _tick_record(job_id, last_started_at=started_at)
            ok = False
            try:
                result = job()
                ok = True
                return result
            finally:
                _tick_record(
                    job_id,
                    last_started_at=started_at,
                    last_finished_at=timezone.now(),
                    last_ok=ok,
                )
                close_old_connections()

    return run


def purge_old_api_tokens():
    deleted = tokens_purge()
    logger.info("Purged %s expired or revoked API tokens", deleted)


def enforce_retention_periods():
    removed = retention_enforce(now=timezone.now())
    if any(removed.values()):
        logger.info("Retention periods enforced: %s", dict(removed))


def build_scheduler() -> BlockingScheduler:
    """Every job of settings.SCHEDULED_JOBS as a UTC interval tick. A tick that runs late runs
    once (coalesced), however late; a tick still running is not started twice."""
    scheduler = BlockingScheduler(timezone=datetime.UTC)
    for job in settings.SCHEDULED_JOBS:
        scheduler.add_job(
            with_fresh_database_connection(import_string(job["function"]), job_id=job["id"]),
            IntervalTrigger(seconds=job["every_seconds"], timezone=datetime.UTC),
            id=job["id"],
            next_run_time=datetime.datetime.now(datetime.UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            replace_existing=True,
        )
    return scheduler
