"""Property-based API testing: Schemathesis against the committed document and a live gunicorn
server on PostgreSQL, signed in as each demo role in turn (``.ci/run`` step 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bin/api_fuzz.py

A throw-away database ``<name>_fuzz`` next to the one in DATABASE_URL gets the demo data; the
run fails on any finding. What Schemathesis may and may not expect is in schemathesis.toml,
each exception with its reason.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOGINS = [
    "demo-medewerker",
    "demo-redacteur",
    "demo-organisator",
    "demo-coach",
    "demo-analist",
    "demo-beheerder",
]
PASSWORD = "zeventerpen"
SEED = os.environ.get("FUZZ_SEED", "20261201")
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "10")


def _fuzz_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("api_fuzz: set DATABASE_URL to a PostgreSQL database (its name gets _fuzz)")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_fuzz"))


def _recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def _wait_until_up(base: str, server) -> None:
    for _attempt in range(200):
        if server.poll() is not None:
            sys.exit("api_fuzz: gunicorn stopped")
        try:
            urllib.request.urlopen(f"{base}/health/live", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("api_fuzz: gunicorn did not start")


def _token(base: str, login: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/tokens",
        data=json.dumps({"gebruikersnaam": login, "wachtwoord": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


def main() -> int:
    url = _fuzz_database_url()
    _recreate(url)
    with tempfile.TemporaryDirectory(prefix="dienst-dna-fuzz-") as var_dir:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DIENST_DNA_VAR_DIR": var_dir,
            "TOKEN_THROTTLE_RATE": "1000/minute",
        }
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "createcachetable")
        _manage(env, "load_demo_data")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "backend.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        failed = []
        try:
            _wait_until_up(base, server)
            for login in LOGINS:
                print(f"== schemathesis as {login}", flush=True)
                run = subprocess.run(
                    [
                        str(BIN / "schemathesis"),
                        "--config-file",
                        str(ROOT / "schemathesis.toml"),
                        "run",
                        str(ROOT / "openapi" / "openapi.yaml"),
                        "--url",
                        f"{base}/api/v1",
                        "--header",
                        f"Authorization: Bearer {_token(base, login)}",
                        "--seed",
                        SEED,
                        "--max-examples",
                        MAX_EXAMPLES,
                        "--no-color",
                    ],
                    cwd=var_dir,
                )
                if run.returncode:
                    failed.append(login)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("api_fuzz:", "findings as " + ", ".join(failed) if failed else "no findings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
