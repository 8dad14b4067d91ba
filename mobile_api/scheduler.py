"""The scheduler process: recurring jobs that run outside the request cycle.

Every job is idempotent, so running it twice (two scheduler processes, or a restart right after
a run) does no harm.
"""

import functools
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections

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


def build_scheduler() -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    scheduler.add_job(
        with_fresh_database_connection(purge_old_api_tokens),
        CronTrigger(hour=3, minute=30, timezone=settings.TIME_ZONE),
        id="purge_old_api_tokens",
        coalesce=True,
        misfire_grace_time=3600,
        replace_existing=True,
    )
    return scheduler
