"""A PostgreSQL cluster of the test run's own: Debian's PostgreSQL 15 (`make` installs it),
started in a temporary folder by an unprivileged user (initdb refuses root), on a free port,
stopped afterwards. No test that needs it is skipped: a missing PostgreSQL fails loudly."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from run_local import free_port

BIN = Path("/usr/lib/postgresql/15/bin")


def _as_user(command: list[str]) -> list[str]:
    """As root, the command runs as Debian's `postgres` user; otherwise as whoever runs the tests."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A running cluster; yields its SQLAlchemy URL (psycopg 3), database `postgres`."""
    assert (BIN / "initdb").exists(), "PostgreSQL 15 is missing: run `make install` (Debian's postgresql)"
    folder = Path(tempfile.mkdtemp(prefix="eviction-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(
        _as_user([str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_user(
            [str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_user([str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new, empty database on the cluster (each test its own)."""
    import psycopg

    base = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"
