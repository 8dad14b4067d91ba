"""The public door's limit holds across server processes: two gunicorn servers share one
counter in the shared cache (the database cache by default, Redis when configured)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/7"
LIMIT = 3

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path, cache_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'servers.sqlite3'}",
        PUBLIC_COMPLIMENT_THROTTLE_RATE=f"{LIMIT}/hour",
        DJANGO_SETTINGS_MODULE="backend.settings",
        DIENST_DNA_VAR_DIR=str(tmp_path),
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def _manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


SETUP = (
    "from backend.organisations.models import Organisation;"
    "from campaigns.compliments.models import PublicComplimentSettings;"
    "o=Organisation.objects.create(name='Zeventerpen', slug='zeventerpen');"
    "PublicComplimentSettings.objects.create(organisation=o, accepts_citizen_compliments=True)"
)


def _wait_until_up(port, process):
    for _attempt in range(100):
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _post(port, n):
    body = json.dumps(
        {"organisatie": "zeventerpen", "bericht": f"Heel vriendelijk geholpen ({n})."}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/publiek/complimenten",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("cache_url", [None, REDIS_URL], ids=["database-cache", "redis"])
def test_the_limit_holds_across_two_server_processes(tmp_path, cache_url):
    if cache_url:
        redis.Redis.from_url(cache_url).flushdb()
    env = _environment(tmp_path, cache_url)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "createcachetable")
    _manage(env, "shell", "-c", SETUP)
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [BIN / "gunicorn", "backend.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_until_up(port, server)
        # Alternate between the two processes: each on its own would still be under the limit.
        answers = [_post(ports[n % 2], n) for n in range(LIMIT + 2)]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)

    assert answers == [202] * LIMIT + [429, 429]
