import datetime
from datetime import timedelta

from apscheduler.triggers.interval import IntervalTrigger
from django.utils import timezone

from mobile_api.models import ApiToken
from mobile_api.scheduler import build_scheduler, purge_old_api_tokens
from mobile_api.tokens import token_issue


def test_every_job_is_a_utc_interval_tick_that_runs_once_however_late(settings):
    """No cron in local time (it skips or doubles runs at clock changes): per-user local times
    are the jobs' own business. A late tick runs once; a running tick is not started twice."""
    scheduler = build_scheduler()
    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == {job["id"] for job in settings.SCHEDULED_JOBS}
    assert {"plan_notifications", "dispatch_notifications", "retire_stale_devices"} <= set(jobs)
    for job in jobs.values():
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.timezone == datetime.UTC
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, None)
    assert jobs["dispatch_notifications"].trigger.interval == timedelta(
        seconds=settings.PUSH_TICK_SECONDS
    )


def test_purge_removes_only_long_dead_tokens(employee, settings):
    long_ago = timezone.now() - settings.API_TOKEN_RETENTION - timedelta(days=1)
    live, _ = token_issue(employee=employee)
    expired_long_ago, _ = token_issue(employee=employee)
    revoked_long_ago, _ = token_issue(employee=employee)
    revoked_recently, _ = token_issue(employee=employee)
    ApiToken.objects.filter(pk=expired_long_ago.pk).update(expires_at=long_ago)
    ApiToken.objects.filter(pk=revoked_long_ago.pk).update(revoked_at=long_ago)
    ApiToken.objects.filter(pk=revoked_recently.pk).update(revoked_at=timezone.now())

    purge_old_api_tokens()
    purge_old_api_tokens()  # idempotent

    assert set(ApiToken.objects.values_list("pk", flat=True)) == {live.pk, revoked_recently.pk}
