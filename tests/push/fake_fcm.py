"""A loopback stand-in for the FCM HTTP v1 API and Google's OAuth2 token endpoint.

The real Firebase Admin SDK talks to it over real sockets, so the SDK's encoding, its error
mapping, the retry policy we mount on its HTTP session and the OAuth2 JWT-bearer grant are all
exercised. Behaviour is chosen by the prefix of the message's target (``unreg-``, ``quota-``,
...; see ``FakeFcmServer.answer``). Standard library only.

Other test modules use the fixtures with::

    from tests.push.fake_fcm import fake_fcm, fcm_settings  # noqa: F401
"""

import collections
import contextlib
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PROJECT_ID = "dienst-dna-test"
ACCESS_TOKEN = "fake-access-token"
LOOPBACK = "http://127.0.0.1"

FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
SEND_PATH = re.compile(r"^/v1/projects/(?P<project>[^/]+)/messages:send$")
INVALID_TOKEN_TEXT = "The registration token is not a valid FCM registration token"


def _fcm_error(code: str) -> dict:
    return {"@type": FCM_ERROR, "errorCode": code}


def _error(
    http: int, status: str, message: str, details: list, headers: dict | None = None
) -> tuple:
    body = {"error": {"code": http, "message": message, "status": status, "details": details}}
    return http, body, headers or {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the SDK's pooled connections are reused
    server: "FakeFcmServer"

    def log_message(self, format, *args):  # quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not self.path.startswith("/"):  # an absolute URI: we were asked to proxy
            return self._refuse_escape()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/token":
            status, body, headers = self.server.grant_token(raw, self.headers)
        elif match := SEND_PATH.match(path):
            status, body, headers = self.server.send(match["project"], raw, self.headers)
        else:
            status, body, headers = _error(404, "NOT_FOUND", f"No such path {path}", [])
        self._reply(status, body, headers)

    def do_GET(self):
        if not self.path.startswith("/"):
            return self._refuse_escape()
        self._reply(*_error(404, "NOT_FOUND", "The fake serves only POST", []))

    def do_CONNECT(self):
        self._refuse_escape()

    def _refuse_escape(self):
        """Asked, as the tests' HTTP(S) proxy, to reach a host that is not loopback: record
        it and refuse, so nothing ever leaves the machine."""
        self.server.record_escape(self.command, self.path)
        self.close_connection = True
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def _reply(self, status: int, body: dict, headers: dict):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class FakeFcmServer(ThreadingHTTPServer):
    """Records every messages:send (``requests``), counts hits per target (``hits``) and
    token grants (``token_requests``). ``hold_seconds`` delays each messages:send answer."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # send_each opens up to 500 connections at once

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self._lock = threading.Lock()
        self.reset()

    def handle_error(self, request, client_address):
        """A client that gave up (its timeout, a killed sender) is expected, not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"{LOOPBACK}:{self.server_address[1]}"

    @property
    def token_uri(self) -> str:
        return f"{self.url}/token"

    def reset(self):
        with self._lock:
            self.requests: list[dict] = []
            self.hits: collections.Counter = collections.Counter()
            self.token_requests = 0
            self.token_grants: list[dict] = []
            self.escapes: list[tuple[str, str]] = []  # (method, host or URL) refused as proxy
            self.hold_seconds = 0.0
            self._sent = 0

    # what the tests read

    def requests_to(self, target: str) -> list[dict]:
        with self._lock:
            return [r for r in self.requests if r["target"] == target]

    def targets(self) -> list[str]:
        with self._lock:
            return [r["target"] for r in self.requests]

    # the endpoints

    def record_escape(self, method: str, target: str):
        with self._lock:
            self.escapes.append((method, target))

    def grant_token(self, raw: bytes, headers) -> tuple:
        form = urllib.parse.parse_qs(raw.decode())
        with self._lock:
            self.token_requests += 1
            self.token_grants.append(
                {
                    "grant_type": form.get("grant_type", [""])[0],
                    "assertion": form.get("assertion", [""])[0],
                }
            )
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return 400, {"error": "unsupported_grant_type"}, {}
        return 200, {"access_token": ACCESS_TOKEN, "expires_in": 3600, "token_type": "Bearer"}, {}

    def send(self, project: str, raw: bytes, headers) -> tuple:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return _error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", [])
        message = body.get("message") or {}
        target = message.get("token") or message.get("fid") or ""
        with self._lock:
            self.hits[target] += 1
            hit = self.hits[target]
            self.requests.append(
                {
                    "project": project,
                    "authorization": headers.get("Authorization", ""),
                    "body": body,
                    "validate_only": body.get("validate_only", False),
                    "message": message,
                    "target": target,
                    "hit": hit,
                }
            )
            hold = self.hold_seconds
        if hold:
            time.sleep(hold)
        return self.answer(project, target, hit)

    def answer(self, project: str, target: str, hit: int) -> tuple:
        """The FCM answer for the ``hit``-th request to ``target``, by the target's prefix."""
        if target.startswith("unreg-"):
            return _error(
                404, "NOT_FOUND", "Requested entity was not found.", [_fcm_error("UNREGISTERED")]
            )
        if target.startswith("badtoken-"):
            return _error(
                400, "INVALID_ARGUMENT", INVALID_TOKEN_TEXT, [_fcm_error("INVALID_ARGUMENT")]
            )
        if target.startswith("badpayload-"):
            violation = {
                "field": "message.data[0].value",
                "description": "Invalid value at 'message.data[0].value' (TYPE_STRING), 42",
            }
            return _error(
                400,
                "INVALID_ARGUMENT",
                "Invalid value at 'message.data[0].value' (TYPE_STRING), 42",
                [{"@type": BAD_REQUEST, "fieldViolations": [violation]}],
            )
        if target.startswith("sender-"):
            return _error(
                403,
                "PERMISSION_DENIED",
                "SenderId mismatch",
                [_fcm_error("SENDER_ID_MISMATCH")],
            )
        if target.startswith("apnsauth-"):
            return _error(
                401,
                "UNAUTHENTICATED",
                "Auth error from APNS or Web Push Service",
                [_fcm_error("THIRD_PARTY_AUTH_ERROR")],
            )
        if target.startswith("quotaplain-"):
            info = {
                "@type": ERROR_INFO,
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {"service": "fcm.googleapis.com"},
            }
            return _error(
                429,
                "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'Send requests'.",
                [info],
                {"Retry-After": "30"},
            )
        if target.startswith("quota-"):
            return _error(
                429,
                "RESOURCE_EXHAUSTED",
                "Quota exceeded.",
                [_fcm_error("QUOTA_EXCEEDED")],
                {"Retry-After": "30"},
            )
        if target.startswith("down-") or (target.startswith("flaky-") and hit <= 2):
            return _error(503, "UNAVAILABLE", "The service is currently unavailable.", [])
        if target.startswith("internal-"):
            return _error(500, "INTERNAL", "Internal error encountered.", [])
        with self._lock:
            self._sent += 1
            number = self._sent
        return 200, {"name": f"projects/{project}/messages/{number}"}, {}


@contextlib.contextmanager
def running_fake_fcm():
    """A FakeFcmServer serving from a daemon thread for the duration of the block."""
    server = FakeFcmServer()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def service_account_file(tmp_path: Path, token_uri: str, project_id: str = PROJECT_ID) -> Path:
    """A service-account key file with a fresh RSA key whose ``token_uri`` is ``token_uri``:
    google-auth then signs a real JWT and performs the JWT-bearer grant there."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    email = f"push-sender@{project_id}.iam.gserviceaccount.com"
    info = {
        "type": "service_account",
        "project_id": project_id,
        "private_key_id": "fake-key-1",
        "private_key": pem,
        "client_email": email,
        "client_id": "100000000000000000001",
        "auth_uri": f"{token_uri.rsplit('/', 1)[0]}/auth",
        "token_uri": token_uri,
    }
    path = Path(tmp_path) / "service-account.json"
    path.write_text(json.dumps(info))
    return path


@pytest.fixture(scope="session")
def fake_fcm(tmp_path_factory):
    """The running fake; ``.credentials_file`` is a service account whose tokens it grants."""
    with running_fake_fcm() as server:
        server.credentials_file = service_account_file(
            tmp_path_factory.mktemp("fake-fcm"), server.token_uri
        )
        yield server


# google-auth (2.4x and later) starts a background "Regional Access Boundary" lookup at
# https://iamcredentials.googleapis.com after each service-account token grant. While a test
# runs, the fake is the HTTP(S) proxy for everything that is not loopback: it records such an
# attempt and refuses it, so no request, and no DNS query for it, leaves the machine.
EXPECTED_ESCAPES = ("iamcredentials.googleapis.com:",)
RAB_THREAD = "_RegionalAccessBoundaryRefreshThread"


def _join_google_auth_background_lookups():
    for thread in threading.enumerate():
        if type(thread).__name__ == RAB_THREAD:
            thread.join(timeout=10)


@pytest.fixture
def fcm_settings(settings, fake_fcm, monkeypatch):
    """Settings that aim FcmPushBackend at the fake; returns the (reset) fake."""
    from mobile_api.firebase import get_firebase_app
    from mobile_api.push.fcm import messaging_service

    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, fake_fcm.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    settings.PRODUCTION = False
    settings.FIREBASE_PROJECT_ID = PROJECT_ID
    settings.FIREBASE_CREDENTIALS_FILE = str(fake_fcm.credentials_file)
    settings.FCM_ENDPOINT_OVERRIDE = fake_fcm.url
    settings.PUSH_BACKEND = "mobile_api.push.fcm.FcmPushBackend"
    settings.PUSH_HTTP_TIMEOUT_SECONDS = 5
    fake_fcm.reset()
    service = messaging_service(get_firebase_app())
    # No test may ever reach a non-loopback address.
    assert service._fcm_url.startswith(LOOPBACK), service._fcm_url
    yield fake_fcm
    _join_google_auth_background_lookups()  # before the proxy settings are undone
    unexpected = [e for e in fake_fcm.escapes if not e[1].startswith(EXPECTED_ESCAPES)]
    fake_fcm.reset()
    assert not unexpected, f"a test tried to reach beyond loopback: {unexpected}"
