"""The one place that builds the Firebase Admin app (ID-token checks, and FCM in
mobile_api/push/fcm.py).

Tests use the real SDK: with FIREBASE_AUTH_EMULATOR_HOST set, the SDK accepts unsigned ID tokens
(the Auth emulator's contract). That setting is refused in production (see backend.checks).
"""

import os
import threading
import time

import firebase_admin
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from firebase_admin import auth, credentials, exceptions
from google.auth.credentials import AnonymousCredentials

EMULATOR_HOST_ENV_VAR = "FIREBASE_AUTH_EMULATOR_HOST"
APP_NAME = "dienst-dna"

_lock = threading.Lock()


class FirebaseNotConfigured(Exception):
    pass


class FirebaseTokenRejected(Exception):
    def __init__(self, code: str, reason: str = ""):
        self.code = code  # token_expired | token_revoked | invalid_token | firebase_unavailable
        super().__init__(reason or code)


def emulator_host() -> str:
    return os.environ.get(EMULATOR_HOST_ENV_VAR, "")


def _credential():
    if settings.FIREBASE_CREDENTIALS_FILE:
        return credentials.Certificate(settings.FIREBASE_CREDENTIALS_FILE)
    # Verifying ID tokens needs only the project id and Google's public keys.
    return AnonymousCredentials()


def get_firebase_app() -> firebase_admin.App:
    if not settings.FIREBASE_PROJECT_ID:
        raise FirebaseNotConfigured("FIREBASE_PROJECT_ID is not set")
    if settings.PRODUCTION and emulator_host():
        raise ImproperlyConfigured(f"{EMULATOR_HOST_ENV_VAR} must not be set in production.")
    with _lock:
        try:
            app = firebase_admin.get_app(APP_NAME)
        except ValueError:
            app = None
        wanted = _app_settings()
        if app is not None and getattr(app, "_dienst_dna_settings", None) == wanted:
            return app
        if app is not None:  # settings changed (tests): start over
            firebase_admin.delete_app(app)
        app = firebase_admin.initialize_app(
            _credential(),
            options={
                "projectId": settings.FIREBASE_PROJECT_ID,
                "httpTimeout": settings.PUSH_HTTP_TIMEOUT_SECONDS,
            },
            name=APP_NAME,
        )
        app._dienst_dna_settings = wanted
        return app


def _app_settings() -> tuple:
    return (
        settings.FIREBASE_PROJECT_ID,
        settings.FIREBASE_CREDENTIALS_FILE,
        settings.PUSH_HTTP_TIMEOUT_SECONDS,
        settings.FCM_ENDPOINT_OVERRIDE,
    )


def verify_firebase_id_token(id_token: str, *, check_revoked: bool = False) -> dict:
    """The verified claims of a Firebase ID token, or FirebaseTokenRejected. With
    ``check_revoked`` Firebase is also asked whether the sign-in was revoked or the user
    disabled (one call to Firebase)."""
    app = get_firebase_app()
    try:
        claims = auth.verify_id_token(id_token, app=app, check_revoked=check_revoked)
    except auth.ExpiredIdTokenError as exc:
        raise FirebaseTokenRejected("token_expired", str(exc)) from exc
    except (auth.RevokedIdTokenError, auth.UserDisabledError, auth.UserNotFoundError) as exc:
        raise FirebaseTokenRejected("token_revoked", str(exc)) from exc
    except auth.CertificateFetchError as exc:
        raise FirebaseTokenRejected("firebase_unavailable", str(exc)) from exc
    except (auth.InvalidIdTokenError, ValueError) as exc:
        raise FirebaseTokenRejected("invalid_token", str(exc)) from exc
    except exceptions.FirebaseError as exc:  # with check_revoked: Firebase could not be asked
        raise FirebaseTokenRejected("firebase_unavailable", str(exc)) from exc
    # The emulator contract skips the expiry check; we never accept an expired token.
    if claims.get("exp", 0) <= time.time():
        raise FirebaseTokenRejected("token_expired")
    return claims
