"""Issuing, checking and revoking the opaque API tokens of the mobile app."""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.organisations.models import Employee
from mobile_api.models import ApiToken
from mobile_api.push.devices import devices_sign_out

TOKEN_PREFIX = "ddna_"


class TokenRejected(Exception):
    def __init__(self, code: str):
        self.code = code  # unknown_token | token_expired | token_revoked | account_inactive
        super().__init__(code)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def looks_like_api_token(raw: str) -> bool:
    return raw.startswith(TOKEN_PREFIX)


def token_issue(*, employee: Employee, device_name: str = "") -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        employee=employee,
        key_hash=hash_token(raw),
        device_name=device_name,
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
    )
    return token, raw


def token_authenticate(raw: str) -> ApiToken:
    """The active token for ``raw`` with its employee loaded, or TokenRejected."""
    token = (
        ApiToken.objects.select_related(
            "employee__user",
            "employee__organisation",
            "employee__department",
            "employee__location",
        )
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is None:
        raise TokenRejected("unknown_token")
    if token.revoked_at is not None:
        raise TokenRejected("token_revoked")
    if token.expires_at <= timezone.now():
        raise TokenRejected("token_expired")
    employee = token.employee
    if employee.sessions_revoked_at is not None and token.created_at < employee.sessions_revoked_at:
        raise TokenRejected("token_revoked")
    if not employee.user.is_active or not employee.organisation.is_active:
        raise TokenRejected("account_inactive")
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    """Sign out: the token stops working, and the phone it registered gets no more pushes."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        devices_sign_out(api_token=token, now=token.revoked_at)


def active_tokens(*, employee: Employee):
    tokens = ApiToken.objects.filter(
        employee=employee, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if employee.sessions_revoked_at is not None:  # ended by a password change and the like
        tokens = tokens.filter(created_at__gte=employee.sessions_revoked_at)
    return tokens.order_by("-created_at")


@transaction.atomic
def tokens_purge(*, now: datetime | None = None) -> int:
    """Delete tokens that expired or were revoked longer ago than the retention period."""
    cutoff = (now or timezone.now()) - settings.API_TOKEN_RETENTION
    expired = ApiToken.objects.filter(expires_at__lt=cutoff)
    revoked = ApiToken.objects.filter(revoked_at__lt=cutoff)
    deleted, _ = (expired | revoked).delete()
    return deleted
