from datetime import timedelta

from django.utils import timezone

from mobile_api.models import ApiToken
from mobile_api.scheduler import build_scheduler, purge_old_api_tokens
from mobile_api.tokens import token_issue


def test_scheduler_plans_the_token_purge_daily():
    import datetime
    import zoneinfo

    jobs = {job.id: job for job in build_scheduler().get_jobs()}
    trigger = jobs["purge_old_api_tokens"].trigger
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    start = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=amsterdam)
    runs, previous = [], None
    for _day in range(40):  # across the spring clock change (29 March 2026)
        previous = trigger.get_next_fire_time(previous, previous or start)
        runs.append(previous.astimezone(amsterdam))
    assert {(run.hour, run.minute) for run in runs} == {(3, 30)}
    dates = [run.date() for run in runs]
    assert dates == [dates[0] + datetime.timedelta(days=n) for n in range(40)]  # one a day


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
