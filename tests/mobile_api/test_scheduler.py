from datetime import timedelta

from django.utils import timezone

from mobile_api.models import ApiToken
from mobile_api.scheduler import build_scheduler, purge_old_api_tokens
from mobile_api.tokens import token_issue


def test_scheduler_plans_the_token_purge_daily():
    jobs = {job.id: job for job in build_scheduler().get_jobs()}
    assert "purge_old_api_tokens" in jobs


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
