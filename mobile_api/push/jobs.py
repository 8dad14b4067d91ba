"""The push side's scheduler jobs. Each is a UTC interval tick and idempotent: two scheduler
processes, a restart, or a late tick do no harm."""

import functools
import logging
import os
import socket

from django.utils import timezone

from mobile_api.push.backends import push_backend
from mobile_api.push.devices import devices_retire_stale
from mobile_api.push.dispatch import claims_reap, notifications_dispatch
from mobile_api.push.planning import notifications_plan

logger = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@functools.cache
def _backend():
    backend = push_backend()
    logger.info("Push backend: %s", backend.name)
    return backend


def plan_notifications():
    notifications_plan(now=timezone.now())


def dispatch_notifications():
    claims_reap(now=timezone.now())
    report = notifications_dispatch(backend=_backend(), worker=worker_name())
    if report.claimed:
        logger.info(
            "Dispatched %s notifications: %s; pushes %s",
            report.claimed,
            {str(status): count for status, count in report.decided.items()},
            {str(outcome): count for outcome, count in report.pushes.items()},
        )


def retire_stale_devices():
    deactivated = devices_retire_stale(now=timezone.now())
    if deactivated:
        logger.info("Retired %s stale devices", deactivated)
