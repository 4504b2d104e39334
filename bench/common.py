"""What the benchmarks share: a fresh data directory, keys and server address of their own."""

import base64
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def start_bench_server(
    tmp: Path, metrics_port: int | None = None
) -> tuple[dict[str, str], subprocess.Popen[bytes]]:
    """A fresh dev server (headless, SQLite in WAL) in `tmp`, answering, and the environment
    that reaches it; its Prometheus metrics on `metrics_port`, if given."""
    from run_local import launch_dev_server

    (tmp / "data").mkdir()
    server, port, _ = launch_dev_server(tmp / "data", tmp / "temporal.log", metrics_port=metrics_port)
    return bench_env(tmp, port), server


def wait_for_worker(log: Path, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if log.exists() and "worker started" in log.read_text():
            return
        time.sleep(0.1)
    raise SystemExit("the worker did not start")


def start_worker(env: dict[str, str], log: Path, seconds: float = 120) -> subprocess.Popen[bytes]:
    """`worker.py` on the benchmark's server, once it says it has started."""
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "worker.py")], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    wait_for_worker(log, seconds)
    return worker


def failed_tasks(tmp: Path) -> int:
    """Cases whose workflow task failed in a worker during the run: the worker alerts the
    supervisor once per such case (infra/task_failures.py). A healthy run has none; a task that
    waited too long for a thread fails as a deadlock, which this catches too."""
    return len(list((tmp / "data" / "alerts" / "supervisor").glob("*-task-failing.json")))
