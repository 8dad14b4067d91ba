"""The scheduler process: recurring jobs that run outside the request cycle.

Every job is idempotent, so running it twice (two scheduler processes, or a restart right after
a run) does no harm.
"""

import datetime
import functools
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

from campaigns.compliments.citizen_compliments import citizen_contact_details_purge
from mobile_api.tokens import tokens_purge

logger = logging.getLogger(__name__)


def with_fresh_database_connection(job):
    """A long-lived process must drop broken or stale connections around every job."""

    @functools.wraps(job)
    def run():
        close_old_connections()
        try:
            return job()
        finally:
            close_old_connections()

    return run


def purge_old_api_tokens():
    deleted = tokens_purge()
    logger.info("Purged %s expired or revoked API tokens", deleted)


def purge_citizen_contact_details():
    purged = citizen_contact_details_purge()
    logger.info("Removed the contact details of %s citizens' compliments", purged)


def build_scheduler() -> BlockingScheduler:
    """Every job of settings.SCHEDULED_JOBS as a UTC interval tick. A tick that runs late runs
    once (coalesced), however late; a tick still running is not started twice."""
    scheduler = BlockingScheduler(timezone=datetime.UTC)
    for job in settings.SCHEDULED_JOBS:
        scheduler.add_job(
            with_fresh_database_connection(import_string(job["function"])),
            IntervalTrigger(seconds=job["every_seconds"], timezone=datetime.UTC),
            id=job["id"],
            next_run_time=datetime.datetime.now(datetime.UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            replace_existing=True,
        )
    return scheduler
