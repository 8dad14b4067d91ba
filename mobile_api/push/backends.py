"""What the dispatcher hands to a push service, and what comes back; the log-only backend."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from mobile_api.push.models import DeliveryAttempt

logger = logging.getLogger(__name__)
Outcome = DeliveryAttempt.Outcome
FCM_LIMIT = 500  # messages per send_each call at most (the SDK refuses more)


@dataclass(frozen=True)
class PushMessage:
    """One push to one device. ``data`` carries the notification's id so the app can report
    the open and show the inbox item."""

    device_id: int
    platform: str
    target_kind: str  # "token" | "fid"
    target: str
    title: str
    body: str
    data: dict[str, str]
    collapse_key: str
    expires_at: datetime.datetime
    engagement: bool


@dataclass(frozen=True)
class PushResult:
    device_id: int
    outcome: str  # DeliveryAttempt.Outcome
    message_id: str = ""
    error: str = ""
    retry_after: float | None = None  # seconds, when the service asked us to wait


class PushBackend:
    """What a push service offers the dispatcher: ``send`` up to FCM_LIMIT messages and get a
    result per message, in order. A backend may stop early (FCM said 429): the messages without
    a result did not leave."""

    name: str

    def send(self, messages: list[PushMessage]) -> list[PushResult]:
        raise NotImplementedError


class LogPushBackend(PushBackend):
    """Without Firebase credentials (the embedded default): every push is written to the log
    and counts as delivered, so the whole pipeline runs and the inbox fills."""

    name = "log"

    def send(self, messages: list[PushMessage]) -> list[PushResult]:
        results = []
        for message in messages:
            logger.info(
                "push (log only) to device %s: %s | %s",
                message.device_id,
                message.title,
                message.body,
            )
            results.append(
                PushResult(message.device_id, Outcome.OK, f"log/{message.data['notificatieId']}")
            )
        return results


def push_backend():
    """The configured backend: FCM when Firebase credentials are set, else log only."""
    return import_string(settings.PUSH_BACKEND)()
