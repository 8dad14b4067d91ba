"""FcmPushBackend driven through the real firebase-admin SDK against the loopback fake FCM.

Nothing of ours is mocked: the SDK encodes the messages, google-auth performs the OAuth2
JWT-bearer grant against the fake's /token, and the retry policy mounted by
mobile_api/push/fcm.py runs on real sockets. Hit counts, never elapsed time, show what was
retried.
"""

import base64
import datetime
import json
import logging
import re

import firebase_admin
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from django.core.exceptions import ImproperlyConfigured
from firebase_admin import messaging

from mobile_api.firebase import get_firebase_app
from mobile_api.push.backends import PushMessage, push_backend
from mobile_api.push.fcm import FcmPushBackend, messaging_service
from mobile_api.push.models import DeliveryAttempt
from tests.push.fake_fcm import (
    ACCESS_TOKEN,
    PROJECT_ID,
    fake_fcm,  # noqa: F401
    fcm_settings,  # noqa: F401
    service_account_file,
)

pytestmark = pytest.mark.django_db
Outcome = DeliveryAttempt.Outcome
MESSAGE_NAME = re.compile(rf"^projects/{PROJECT_ID}/messages/\d+$")


@pytest.fixture
def fake(request):
    """The fake FCM, with fcm_settings in force. (Taken by name so that no test parameter
    shadows the imported fixture, which ruff reports as F811.)"""
    return request.getfixturevalue("fcm_settings")


def push(
    target: str,
    device_id: int = 1,
    *,
    target_kind: str = "token",
    engagement: bool = True,
    collapse_key: str = "dagelijks",
    expires_at: datetime.datetime | None = None,
) -> PushMessage:
    return PushMessage(
        device_id=device_id,
        platform="android",
        target_kind=target_kind,
        target=target,
        title="Je les van vandaag staat klaar",
        body="Vijf minuten, dan ben je weer bij.",
        data={"notificatieId": f"melding-{device_id}", "soort": collapse_key, "link": "/les"},
        collapse_key=collapse_key,
        expires_at=expires_at or datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
        engagement=engagement,
    )


def send_one(target: str, **fields):
    [result] = FcmPushBackend().send([push(target, **fields)])
    return result


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _verified_jwt_claims(assertion: str, key_file) -> dict:
    """The claims of an RS256 JWT, after checking its signature against the key file's key."""
    header, payload, signature = assertion.split(".")
    assert json.loads(_b64decode(header))["alg"] == "RS256"
    info = json.loads(key_file.read_text())
    key = serialization.load_pem_private_key(info["private_key"].encode(), password=None)
    key.public_key().verify(
        _b64decode(signature),
        f"{header}.{payload}".encode(),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )  # raises InvalidSignature
    return json.loads(_b64decode(payload))


# --- authentication ---------------------------------------------------------------------


def test_a_bearer_token_is_fetched_from_the_fake_and_sent(fake, settings, tmp_path):
    # A key file of its own: a fresh app, so this test sees the token grant itself.
    key_file = service_account_file(tmp_path, fake.token_uri)
    settings.FIREBASE_CREDENTIALS_FILE = str(key_file)

    first = send_one("ok-auth-1")
    second = send_one("ok-auth-2")

    assert (first.outcome, second.outcome) == (Outcome.OK, Outcome.OK)
    assert fake.token_requests == 1  # fetched once, then reused
    [grant] = fake.token_grants
    assert grant["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    claims = _verified_jwt_claims(grant["assertion"], key_file)
    # google-auth always names Google's endpoint as the audience; the grant went to the fake.
    assert claims["aud"] == "https://oauth2.googleapis.com/token"
    assert claims["iss"] == f"push-sender@{PROJECT_ID}.iam.gserviceaccount.com"
    assert "https://www.googleapis.com/auth/cloud-platform" in claims["scope"].split()
    assert [r["authorization"] for r in fake.requests] == [f"Bearer {ACCESS_TOKEN}"] * 2
    assert {r["project"] for r in fake.requests} == {PROJECT_ID}


def test_the_configured_push_backend_is_fcm(fake):
    assert isinstance(push_backend(), FcmPushBackend)


# --- errors and their outcomes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "outcome"),
    [
        ("unreg-1", Outcome.UNREGISTERED),
        ("badtoken-1", Outcome.INVALID_TARGET),
        ("badpayload-1", Outcome.PAYLOAD_INVALID),
        ("sender-1", Outcome.SENDER_MISMATCH),
        ("apnsauth-1", Outcome.AUTH),
        ("quota-1", Outcome.QUOTA),
        ("quotaplain-1", Outcome.QUOTA),
        ("down-1", Outcome.UNAVAILABLE),
        ("internal-1", Outcome.UNAVAILABLE),
        ("ok-1", Outcome.OK),
    ],
)
def test_every_fcm_answer_maps_to_its_outcome(fake, target, outcome):
    result = send_one(target, device_id=7)

    assert result.device_id == 7
    assert result.outcome == outcome
    if outcome == Outcome.OK:
        assert MESSAGE_NAME.match(result.message_id)
        assert result.error == ""
    else:
        assert result.message_id == ""
        assert result.error


@pytest.mark.parametrize("target", ["quota-2", "quotaplain-2"])
def test_a_429_carries_its_retry_after(fake, target):
    result = send_one(target)

    assert result.outcome == Outcome.QUOTA
    assert result.retry_after == 30


@pytest.mark.parametrize("target", ["quota-3", "quotaplain-3"])
def test_a_429_is_hit_once_and_not_waited_out_inside_the_sdk(fake, target):
    send_one(target)

    assert fake.hits[target] == 1


@pytest.mark.parametrize(
    "target",
    [
        "unreg-4",
        "badtoken-4",
        "badpayload-4",
        "sender-4",
        "apnsauth-4",
    ],
)
def test_a_4xx_is_hit_once_not_retried(fake, target):
    send_one(target)

    assert fake.hits[target] == 1


def test_an_apns_auth_error_fetches_no_new_access_token(fake):
    FcmPushBackend().send([push("ok-warm")])  # the token the app holds
    before = fake.token_requests

    send_one("apnsauth-8")

    assert fake.token_requests == before


def test_a_flaky_503_is_retried_inside_the_sdk_until_ok(fake):
    result = send_one("flaky-1")

    assert result.outcome == Outcome.OK
    assert MESSAGE_NAME.match(result.message_id)
    assert fake.hits["flaky-1"] == 3  # two 503s, then 200


@pytest.mark.parametrize("target", ["down-5", "internal-5"])
def test_a_persistent_5xx_is_tried_three_times_then_unavailable(fake, target):
    result = send_one(target)

    assert result.outcome == Outcome.UNAVAILABLE
    assert fake.hits[target] == 3  # the first try and two retries, not five


def test_a_read_timeout_is_not_resent(fake, settings):
    """FCM may have delivered a push whose answer we never read: a second POST could deliver
    it twice, so it is left to the dispatcher (and the collapse key)."""
    settings.PUSH_HTTP_TIMEOUT_SECONDS = 1
    fake.hold_seconds = 1.5

    result = send_one("ok-slow-1")

    assert result.outcome == Outcome.UNAVAILABLE
    assert fake.hits["ok-slow-1"] == 1


def test_a_refused_payload_is_logged_as_an_error(fake, caplog):
    with caplog.at_level(logging.ERROR, logger="mobile_api.push.fcm"):
        result = send_one("badpayload-6", device_id=61)

    assert result.outcome == Outcome.PAYLOAD_INVALID
    [record] = [r for r in caplog.records if r.name == "mobile_api.push.fcm"]
    assert record.levelno == logging.ERROR
    assert "61" in record.getMessage()
    assert "payload_invalid" in record.getMessage()


def test_a_dead_target_is_not_logged_as_an_error(fake, caplog):
    with caplog.at_level(logging.ERROR, logger="mobile_api.push.fcm"):
        FcmPushBackend().send([push("unreg-7"), push("badtoken-7"), push("sender-7")])

    assert not [r for r in caplog.records if r.name == "mobile_api.push.fcm"]


# --- batches ------------------------------------------------------------------------------


def test_after_a_429_the_later_chunks_are_not_sent(fake, settings):
    settings.PUSH_SEND_CHUNK = 2
    messages = [push(t, i) for i, t in enumerate(["ok-c1", "quota-c2", "ok-c3", "ok-c4", "ok-c5"])]

    results = FcmPushBackend().send(messages)

    assert [(r.device_id, r.outcome) for r in results] == [(0, Outcome.OK), (1, Outcome.QUOTA)]
    assert sorted(fake.targets()) == ["ok-c1", "quota-c2"]


def test_without_a_429_every_chunk_is_sent(fake, settings):
    settings.PUSH_SEND_CHUNK = 2
    targets = [f"ok-d{i}" for i in range(5)]

    results = FcmPushBackend().send([push(t, i) for i, t in enumerate(targets)])

    assert [r.outcome for r in results] == [Outcome.OK] * 5
    assert sorted(fake.targets()) == targets


def test_a_mixed_batch_keeps_its_order(fake):
    plan = [
        ("ok-m0", Outcome.OK),
        ("unreg-m1", Outcome.UNREGISTERED),
        ("ok-m2", Outcome.OK),
        ("badtoken-m3", Outcome.INVALID_TARGET),
        ("sender-m4", Outcome.SENDER_MISMATCH),
        ("ok-m5", Outcome.OK),
        ("badpayload-m6", Outcome.PAYLOAD_INVALID),
        ("apnsauth-m7", Outcome.AUTH),
        ("quotaplain-m8", Outcome.QUOTA),
        ("ok-m9", Outcome.OK),
    ]
    messages = [push(target, 100 + i) for i, (target, _) in enumerate(plan)]

    results = FcmPushBackend().send(messages)

    assert [(r.device_id, r.outcome) for r in results] == [
        (100 + i, outcome) for i, (_, outcome) in enumerate(plan)
    ]
    ok_ids = [r.message_id for r in results if r.outcome == Outcome.OK]
    assert all(MESSAGE_NAME.match(m) for m in ok_ids)
    assert len(set(ok_ids)) == 4
    assert set(fake.targets()) == {target for target, _ in plan}


# --- what FCM receives --------------------------------------------------------------------


def test_the_payload_contract_of_an_engagement_push(fake):
    expires_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)

    send_one("ok-p1", device_id=5, collapse_key="dagelijks", expires_at=expires_at)

    [request] = fake.requests
    assert not request["validate_only"]
    message = request["message"]
    assert message["token"] == "ok-p1"
    assert "fid" not in message
    assert message["data"]["notificatieId"] == "melding-5"
    assert message["notification"]["title"] == "Je les van vandaag staat klaar"
    android = message["android"]
    assert re.fullmatch(r"\d+s", android["ttl"]), android["ttl"]
    seconds_left = (expires_at - datetime.datetime.now(datetime.UTC)).total_seconds()
    assert abs(int(android["ttl"][:-1]) - seconds_left) <= 5
    assert android["collapse_key"] == "dagelijks"
    headers = message["apns"]["headers"]
    assert headers["apns-collapse-id"] == "dagelijks"
    assert headers["apns-priority"] == "5"
    assert headers["apns-expiration"] == str(int(expires_at.timestamp()))


def test_a_status_push_goes_with_apns_priority_10(fake):
    expires_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)

    send_one("ok-p2", engagement=False, collapse_key="status", expires_at=expires_at)

    [request] = fake.requests
    headers = request["message"]["apns"]["headers"]
    assert headers["apns-priority"] == "10"
    assert headers["apns-collapse-id"] == "status"
    assert headers["apns-expiration"] == str(int(expires_at.timestamp()))
    assert request["message"]["android"]["collapse_key"] == "status"


def test_a_fid_target_is_sent_as_message_fid(fake):
    result = send_one("ok-fid-1", target_kind="fid")

    assert result.outcome == Outcome.OK
    [request] = fake.requests
    assert request["message"]["fid"] == "ok-fid-1"
    assert "token" not in request["message"]
    assert request["target"] == "ok-fid-1"


def test_an_unregistered_fid_maps_like_a_token(fake):
    assert send_one("unreg-fid-1", target_kind="fid").outcome == Outcome.UNREGISTERED


# --- the SDK seam -------------------------------------------------------------------------


def test_firebase_admin_upgrade_guard_messaging_service_has_fcm_url_and_client(fake):
    """If this fails after upgrading firebase-admin, mobile_api/push/fcm.py must be updated:
    it aims the SDK at FCM_ENDPOINT_OVERRIDE through ``_fcm_url`` and tunes ``_client``."""
    service = messaging._get_messaging_service(get_firebase_app())

    assert isinstance(service, messaging._MessagingService), firebase_admin.__version__
    assert isinstance(service._fcm_url, str), firebase_admin.__version__
    assert service._fcm_url == f"{fake.url}/v1/projects/{PROJECT_ID}/messages:send"
    assert hasattr(service._client, "session"), firebase_admin.__version__
    assert callable(service._client.session.mount), firebase_admin.__version__


def test_messaging_service_refuses_an_sdk_without_the_seam(fake, monkeypatch):
    class OlderOrNewerService:  # neither _fcm_url nor _client
        pass

    monkeypatch.setattr(messaging, "_get_messaging_service", lambda app: OlderOrNewerService())

    with pytest.raises(ImproperlyConfigured, match=r"_fcm_url, _client"):
        messaging_service(get_firebase_app())


def test_fcm_endpoint_override_is_refused_in_production(fake, settings):
    settings.PRODUCTION = True
    # Another timeout gives a fresh app and messaging service: a service already aimed at
    # the fake is not checked again (see messaging_service).
    settings.PUSH_HTTP_TIMEOUT_SECONDS = 6

    with pytest.raises(ImproperlyConfigured, match="FCM_ENDPOINT_OVERRIDE"):
        FcmPushBackend()
    assert fake.requests == []


def test_a_chunk_fetches_one_access_token_not_one_per_thread(fake, settings, tmp_path):
    # A service account of its own: the app starts without a token.
    settings.FIREBASE_CREDENTIALS_FILE = str(service_account_file(tmp_path, fake.token_uri))
    before = fake.token_requests

    results = FcmPushBackend().send([push(f"ok-many-{n}", n) for n in range(50)])

    assert {r.outcome for r in results} == {Outcome.OK}
    assert fake.token_requests == before + 1
