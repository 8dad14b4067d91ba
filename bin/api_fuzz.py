"""Property-based API testing: Schemathesis against the committed document and a live gunicorn
server on PostgreSQL, signed in as each demo role in turn (``.ci/run`` step 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bin/api_fuzz.py

A throw-away database ``<name>_fuzz`` next to the one in DATABASE_URL gets the demo data; the
run fails on any finding. What Schemathesis may and may not expect is in schemathesis.toml,
each exception with its reason.

Two roles run at a time, each in its own single-threaded Schemathesis process: its worker
threads parse source with ``ast`` at once, which CPython 3.11 can fail on at random ("AST
constructor recursion depth mismatch", python/cpython#106905). The roles of a pair do not act
on each other's data (the coach is not paired with the reporter, nor the organiser with the
sender of compliments).
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
ROLE_PAIRS = [
    ("demo-medewerker", "demo-analist"),
    ("demo-redacteur", "demo-beheerder"),
    ("demo-organisator", "demo-coach"),
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


def _schemathesis(base: str, login: str, var_dir: str):
    """Schemathesis as ``login``, started in the background; its output goes to a file."""
    output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (closed by caller)
    process = subprocess.Popen(
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
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    return process, output


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
            for pair in ROLE_PAIRS:
                runs = [(login, _schemathesis(base, login, var_dir)) for login in pair]
                for login, (process, output) in runs:
                    process.wait()
                    output.seek(0)
                    print(f"== schemathesis as {login}", flush=True)
                    sys.stdout.write(output.read())
                    sys.stdout.flush()
                    output.close()
                    if process.returncode:
                        failed.append(login)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("api_fuzz:", "findings as " + ", ".join(failed) if failed else "no findings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
