"""What the benchmarks share: a fresh data directory, keys and server address of their own."""

import base64
import os
import secrets
import subprocess
from pathlib import Path


def bench_env(tmp: Path, port: int) -> dict[str, str]:
    """The environment of a benchmark's processes: its own server, data and fresh keys."""
    env = dict(os.environ)
    env.update(
        TEMPORAL_ADDRESS=f"127.0.0.1:{port}",
        EVICTION_DATA_DIR=str(tmp / "data"),
        EVICTION_CASE_ID_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        EVICTION_PAYLOAD_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    )
    return env


def start_bench_server(tmp: Path) -> tuple[dict[str, str], subprocess.Popen[bytes]]:
    """A fresh dev server (headless, SQLite in WAL) in `tmp`, and the environment that reaches it."""
    from run_local import free_port, start_dev_server

    port = free_port()
    env = bench_env(tmp, port)
    (tmp / "data").mkdir()
    server = start_dev_server(tmp / "data", "127.0.0.1", port, tmp / "temporal.log", ui_port=None)
    return env, server
