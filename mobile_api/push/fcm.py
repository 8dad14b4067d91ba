"""The Firebase Cloud Messaging backend, through the Firebase Admin SDK.

This module is the one seam between us and the SDK. It sends with ``messaging.send_each`` in
chunks of at most 500, a short HTTP timeout, and a retry policy of our own mounted on the SDK's
HTTP session: transient 500/503 answers are retried twice, a read timeout never (a second POST
could deliver twice), and a 429 returns at once, so the dispatcher decides when to try again
instead of a thread sleeping inside the SDK.

``FCM_ENDPOINT_OVERRIDE`` points the SDK at a loopback stand-in (the tests and the benchmark);
it is refused in production. The SDK has no setting for it: we set the messaging service's
``_fcm_url`` attribute, and fail loudly if an upgrade removes it.
"""

import email.utils
import logging
import threading
import time
import warnings

import google.auth.transport.requests
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from firebase_admin import exceptions, messaging
from urllib3.util.retry import Retry

from mobile_api.firebase import get_firebase_app
from mobile_api.push.backends import FCM_LIMIT, Outcome, PushBackend, PushMessage, PushResult

logger = logging.getLogger(__name__)
FCM_HOST = "https://fcm.googleapis.com"
SDK_SEAM = ("_fcm_url", "_client")
BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"


def _retry_policy() -> Retry:
    return Retry(
        total=None,
        connect=1,
        read=0,
        status=2,
        status_forcelist=[500, 503],
        backoff_factor=0.5,
        respect_retry_after_header=False,
        allowed_methods=None,
        raise_on_status=False,
    )


def messaging_service(app):
    """The SDK's messaging service for ``app``, aimed and tuned by our settings."""
    override = settings.FCM_ENDPOINT_OVERRIDE
    if override and settings.PRODUCTION:
        raise ImproperlyConfigured("FCM_ENDPOINT_OVERRIDE must not be set in production.")
    service = messaging._get_messaging_service(app)
    missing = [name for name in SDK_SEAM if not hasattr(service, name)]
    if not missing and not hasattr(service._client.session, "_refresh_status_codes"):
        missing.append("_client.session._refresh_status_codes")
    if missing:
        raise ImproperlyConfigured(
            "firebase-admin changed: its messaging service has no "
            + ", ".join(missing)
            + "; mobile_api/push/fcm.py needs updating before this version can be used."
        )
    if getattr(service, "_dienst_dna_tuned", False):
        return service
    adapter = requests.adapters.HTTPAdapter(
        pool_connections=1, pool_maxsize=FCM_LIMIT, max_retries=_retry_policy()
    )
    session = service._client.session
    session.mount(FCM_HOST, adapter)
    # FCM answers 401 for a broken APNs key (THIRD_PARTY_AUTH_ERROR); google-auth would fetch a
    # new OAuth token and resend twice for every such message.
    session._refresh_status_codes = ()
    if override:
        base = override.rstrip("/")
        service._fcm_url = f"{base}/v1/projects/{app.project_id}/messages:send"
        session.mount(base, adapter)
    service._dienst_dna_tuned = True
    return service


def build_message(message: PushMessage) -> messaging.Message:
    ttl = max(0, int(message.expires_at.timestamp() - time.time()))
    target = {"fid": message.target} if message.target_kind == "fid" else {"token": message.target}
    with warnings.catch_warnings():
        # firebase-admin 7.5 deprecates token= in favour of fid=; FCM accepts both.
        warnings.simplefilter("ignore", DeprecationWarning)
        return messaging.Message(
            **target,
            notification=messaging.Notification(title=message.title, body=message.body),
            data=message.data,
            android=messaging.AndroidConfig(
                priority="normal",
                ttl=ttl,
                collapse_key=message.collapse_key,
                notification=messaging.AndroidNotification(
                    channel_id="nudges" if message.engagement else "updates",
                    tag=message.collapse_key,
                ),
            ),
            apns=messaging.APNSConfig(
                headers={
                    "apns-priority": "5" if message.engagement else "10",
                    "apns-collapse-id": message.collapse_key,
                    "apns-expiration": str(int(message.expires_at.timestamp())),
                },
                payload=messaging.APNSPayload(aps=messaging.Aps(thread_id=message.collapse_key)),
            ),
        )


def _error_details(error: exceptions.FirebaseError) -> list[dict]:
    try:
        return error.http_response.json()["error"].get("details", [])
    except Exception:  # no response, or not the JSON FCM sends
        return []


def _retry_after(error: exceptions.FirebaseError) -> float | None:
    response = error.http_response
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _about_the_target(error: exceptions.FirebaseError) -> bool:
    if "registration token" in str(error).lower():
        return True
    for detail in _error_details(error):
        if detail.get("@type") == BAD_REQUEST_TYPE:
            fields = {v.get("field", "") for v in detail.get("fieldViolations", [])}
            if fields & {"message.token", "message.fid"}:
                return True
    return False


def outcome_of(error: Exception) -> tuple[str, float | None]:
    """Our outcome for an SDK error, and the Retry-After when FCM sent one."""
    if isinstance(error, messaging.UnregisteredError):
        return Outcome.UNREGISTERED, None
    if isinstance(error, messaging.SenderIdMismatchError):
        return Outcome.SENDER_MISMATCH, None
    if isinstance(error, messaging.ThirdPartyAuthError):
        return Outcome.AUTH, None
    if isinstance(error, exceptions.ResourceExhaustedError):  # with or without an FcmError
        return Outcome.QUOTA, _retry_after(error)
    if isinstance(error, exceptions.InvalidArgumentError):
        # INVALID_ARGUMENT covers a bad target and a bad payload alike: only what names the
        # target deactivates a device; anything else is our bug, and the device stays.
        return (
            Outcome.INVALID_TARGET if _about_the_target(error) else Outcome.PAYLOAD_INVALID
        ), None
    if isinstance(
        error,
        exceptions.UnavailableError
        | exceptions.InternalError
        | exceptions.DeadlineExceededError
        | exceptions.UnknownError,
    ):
        return Outcome.UNAVAILABLE, None
    return Outcome.OTHER, None


_token_lock = threading.Lock()


class FcmPushBackend(PushBackend):
    name = "fcm"

    def __init__(self):
        self.app = get_firebase_app()
        messaging_service(self.app)

    def _fresh_access_token(self) -> None:
        """Fetch the OAuth token once, before send_each's threads each find it missing (and
        each fetch one: google-auth refreshes without a lock)."""
        credential = self.app.credential.get_credential()
        if getattr(credential, "valid", True):
            return
        with _token_lock:
            if not credential.valid:
                credential.refresh(google.auth.transport.requests.Request())

    def send(self, messages: list[PushMessage]) -> list[PushResult]:
        """Results in the order of ``messages``; after FCM answers 429 the remaining chunks are
        not sent (and get no result), so they go out when the dispatcher tries again."""
        results: list[PushResult] = []
        chunk_size = min(settings.PUSH_SEND_CHUNK, FCM_LIMIT)
        for start in range(0, len(messages), chunk_size):
            chunk = messages[start : start + chunk_size]
            chunk_results = self._send_chunk(chunk)
            results.extend(chunk_results)
            if any(result.outcome == Outcome.QUOTA for result in chunk_results):
                break
        return results

    def _send_chunk(self, chunk: list[PushMessage]) -> list[PushResult]:
        try:
            self._fresh_access_token()
            batch = messaging.send_each([build_message(m) for m in chunk], app=self.app)
        except Exception as error:  # the call itself failed (credentials, network setup)
            logger.error("FCM send_each failed for %s messages: %s", len(chunk), error)
            return [PushResult(m.device_id, Outcome.OTHER, error=str(error)[:300]) for m in chunk]
        results = []
        for message, response in zip(chunk, batch.responses, strict=True):
            if response.success:
                results.append(PushResult(message.device_id, Outcome.OK, response.message_id))
                continue
            outcome, retry_after = outcome_of(response.exception)
            if outcome in (Outcome.PAYLOAD_INVALID, Outcome.AUTH, Outcome.OTHER):
                logger.error(
                    "FCM refused a push (%s) to device %s: %s",
                    outcome,
                    message.device_id,
                    response.exception,
                )
            results.append(
                PushResult(
                    message.device_id,
                    outcome,
                    error=str(response.exception)[:300],
                    retry_after=retry_after,
                )
            )
        return results
