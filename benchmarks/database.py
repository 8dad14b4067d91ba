"""A throw-away database for one benchmark run: a temporary SQLite file by default, or a
dedicated PostgreSQL database named in BENCH_DATABASE_URL (dropped and recreated every run).

Everything here runs before ``django.setup()``: settings read DATABASE_URL once, at import.
"""

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE_URL = "BENCH_DATABASE_URL"


@dataclass
class BenchDatabase:
    engine: str  # "sqlite" or "postgresql"
    url: str
    temp_dir: str
    keep: bool = False

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    def drop(self) -> None:
        """Remove everything this run created (unless asked to keep it for inspection)."""
        if self.keep:
            print(f"Kept the benchmark database: {self.url}")
            return
        if self.engine == "postgresql":
            from django.db import connections

            connections.close_all()
            _drop_postgres_database(self.url)
        shutil.rmtree(self.temp_dir, ignore_errors=True)


def prepare(*, keep: bool = False) -> BenchDatabase:
    """Create an empty database and point the Django settings at it (via the environment)."""
    url = os.environ.get(BENCH_DATABASE_URL, "")
    if url:
        _checked_parts(url)  # refuse a wrong URL before creating anything
    temp_dir = tempfile.mkdtemp(prefix="dienst-dna-bench-")
    try:
        if url:
            engine = "postgresql"
            _recreate_postgres_database(url)
        else:
            engine = "sqlite"
            url = f"sqlite:///{temp_dir}/bench.sqlite3"  # absolute path: four slashes in total
    except BaseException:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    _configure_environment(url, temp_dir)
    return BenchDatabase(engine=engine, url=url, temp_dir=temp_dir, keep=keep)


def _configure_environment(url: str, temp_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DIENST_DNA_VAR_DIR"] = temp_dir  # static/ and media/ end up here too
    os.environ["DIENST_DNA_ENV"] = "development"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory, which skews timings
    # The database cache (in the bench database) as in a default installation, never the
    # developer's Redis.
    os.environ.pop("CACHE_URL", None)
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
    if hosts and "testserver" not in hosts:
        os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")


def migrate() -> float:
    """Build the schema quietly; returns the seconds it took."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    return time.perf_counter() - started


# --- PostgreSQL -----------------------------------------------------------------------------


def _checked_parts(url: str):
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit(f"{BENCH_DATABASE_URL} must be a postgres:// URL, not {parts.scheme}://")
    name = parts.path.lstrip("/")
    # The database is dropped at start and end: refuse anything that is not obviously ours.
    if "bench" not in name:
        raise SystemExit(
            f"{BENCH_DATABASE_URL} names database {name!r}; it is dropped and recreated, so its "
            "name must contain 'bench' (for example dienst_dna_bench)."
        )
    return parts, name


def _maintenance_connection(url: str):
    import psycopg

    parts, _name = _checked_parts(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin_url, autocommit=True)  # CREATE DATABASE cannot run in a tx


def _recreate_postgres_database(url: str) -> None:
    from psycopg import sql

    _parts, name = _checked_parts(url)
    with _maintenance_connection(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_postgres_database(url: str) -> None:
    from psycopg import sql

    _parts, name = _checked_parts(url)
    with _maintenance_connection(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def run_on_throwaway_database(parse_args, run, argv=None) -> int:
    """A benchmark's main: parse the sizes, make the database before Django reads its settings,
    run ``run(scale, args, bench_db)`` and always drop the database again."""
    scale, args = parse_args(argv)
    bench_db = prepare(keep=args.keep)
    try:
        import django

        django.setup()
        return run(scale, args, bench_db)
    finally:
        bench_db.drop()
