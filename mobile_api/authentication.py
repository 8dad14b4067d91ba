"""Who is calling: our own opaque tokens or Firebase ID tokens, both as ``Bearer``."""

import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from backend.common.client_address import client_ip_address
from backend.organisations.models import Employee
from backend.organisations.selectors import employee_profile_queryset
from mobile_api.firebase import (
    FirebaseNotConfigured,
    FirebaseTokenRejected,
    verify_firebase_id_token,
)
from mobile_api.sign_in_throttle import claimed_subject, failed_sign_in_record, refuse_if_locked
from mobile_api.tokens import TokenRejected, looks_like_api_token, token_authenticate

REJECTION_MESSAGES = {
    "unknown_token": _("The token is not valid."),
    "invalid_token": _("The token is not valid."),
    "token_expired": _("The token has expired. Sign in again."),
    "token_revoked": _("The token has been revoked. Sign in again."),
    "account_inactive": _("This account is not active."),
    "unknown_identity": _("This identity is not linked to an employee."),
    "firebase_unavailable": _("Firebase sign-in cannot be checked right now."),
    "firebase_not_configured": _("Firebase sign-in is not enabled on this installation."),
}


class TokenAuthenticationFailed(exceptions.AuthenticationFailed):
    def __init__(self, code):
        super().__init__(REJECTION_MESSAGES[code], code=code)


def _bearer_token(request):
    header = authentication.get_authorization_header(request).split()
    if not header or header[0].lower() != b"bearer":
        return None
    if len(header) != 2:
        raise exceptions.AuthenticationFailed(
            _("The Authorization header must be 'Bearer <token>'."), code="invalid_header"
        )
    try:
        return header[1].decode("ascii")
    except UnicodeDecodeError as exc:
        raise TokenAuthenticationFailed("invalid_token") from exc


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer ddna_…``: a token from POST /api/v1/tokens."""

    def authenticate(self, request):
        raw = _bearer_token(request)
        if raw is None or not looks_like_api_token(raw):
            return None
        try:
            token = token_authenticate(raw)
        except TokenRejected as exc:
            raise TokenAuthenticationFailed(exc.code) from exc
        return token.employee.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class FirebaseIdTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <Firebase ID token>`` for an employee that already exists.

    Failed attempts are counted and limited (mobile_api.sign_in_throttle). A sign-in made
    before the employee's sign-ins were ended here (password change, deactivation, a role
    removed) is refused; where the organisation asks for it, Firebase is asked too."""

    def authenticate(self, request):
        raw = _bearer_token(request)
        if raw is None or looks_like_api_token(raw):
            return None
        address, subject = client_ip_address(request), claimed_subject(raw)
        refuse_if_locked(address, subject)
        try:
            employee, claims = self._verified_employee(raw)
        except TokenAuthenticationFailed as exc:
            if exc.detail.code not in NOT_COUNTED_AS_FAILED:
                failed_sign_in_record(address, subject)
            raise
        return employee.user, claims

    def _verified_employee(self, raw):
        try:
            claims = verify_firebase_id_token(raw)
        except FirebaseNotConfigured as exc:
            raise TokenAuthenticationFailed("firebase_not_configured") from exc
        except FirebaseTokenRejected as exc:
            raise TokenAuthenticationFailed(exc.code) from exc
        employee = employee_for_firebase_identity(claims)
        if employee is None:
            raise TokenAuthenticationFailed("unknown_identity")
        if not employee.user.is_active or not employee.organisation.is_active:
            raise TokenAuthenticationFailed("account_inactive")
        if signed_in_before_revocation(employee, claims.get("auth_time")):
            raise TokenAuthenticationFailed("token_revoked")
        if employee.organisation.firebase_check_revoked:
            try:
                verify_firebase_id_token(raw, check_revoked=True)
            except FirebaseTokenRejected as exc:
                raise TokenAuthenticationFailed(exc.code) from exc
        return employee, claims

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


# Rejections that are not someone trying their luck: the app refreshes an expired token, and
# an outage or a missing configuration is ours.
NOT_COUNTED_AS_FAILED = {"token_expired", "firebase_unavailable", "firebase_not_configured"}


def signed_in_before_revocation(employee: Employee, auth_time) -> bool:
    """Whether a Firebase sign-in (its ``auth_time``, seconds since the epoch) happened before
    the employee's sign-ins were ended here."""
    revoked_at = employee.sessions_revoked_at
    if revoked_at is None:
        return False
    if not isinstance(auth_time, int | float):
        return True
    return datetime.datetime.fromtimestamp(auth_time, tz=datetime.UTC) < revoked_at


def employee_for_firebase_identity(claims) -> Employee | None:
    """Only an employee linked to this Firebase user id; nobody is created on the fly."""
    return employee_profile_queryset().filter(firebase_uid=claims["uid"]).first()


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een token uit `POST /tokens`, of een Firebase Authentication ID-token.",
        }


class FirebaseScheme(OpenApiAuthenticationExtension):
    target_class = FirebaseIdTokenAuthentication
    name = "firebaseIdToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Een Firebase Authentication ID-token van een bestaande medewerker.",
        }
