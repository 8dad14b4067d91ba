"""Failed Firebase sign-ins are limited like failed passwords (django-axes does those).

A Firebase ID token carries no password to guess, but a stream of rejected tokens from one
client is probing all the same. Failures are counted in the shared cache per client address
and claimed Firebase user, with the password lockout's limit and cool-off; per address alone
the limit is ten times higher, so one office behind one address is not locked out by a single
colleague's broken app.
"""

import base64
import json

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

ADDRESS_LIMIT_FACTOR = 10


class SignInLocked(exceptions.Throttled):
    default_detail = _("Too many failed sign-in attempts. Try again later.")
    default_code = "login_locked"

    def __init__(self):
        super().__init__(wait=settings.AXES_COOLOFF_TIME.total_seconds())


def claimed_subject(raw_token: str) -> str:
    """The user id a token claims, unverified (only to key the counter), or ''."""
    try:
        payload = raw_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        subject = claims.get("sub", "") if isinstance(claims, dict) else ""
        return subject[:128] if isinstance(subject, str) else ""
    except (IndexError, ValueError, UnicodeDecodeError):
        return ""


def _keys(address: str, subject: str):
    return (
        (f"firebase-sign-in:{address}:{subject}", settings.AXES_FAILURE_LIMIT),
        (f"firebase-sign-in:{address}", settings.AXES_FAILURE_LIMIT * ADDRESS_LIMIT_FACTOR),
    )


def refuse_if_locked(address: str, subject: str) -> None:
    for key, limit in _keys(address, subject):
        if (cache.get(key) or 0) >= limit:
            raise SignInLocked()


def failed_sign_in_record(address: str, subject: str) -> None:
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    for key, _limit in _keys(address, subject):
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout)
