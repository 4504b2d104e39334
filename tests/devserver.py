"""The real dev server with a worker, and an operator who runs the project's commands against
them as subprocesses, like a shell session would. For the tests that need the real server."""

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from infra.samples import write_samples
from run_local import launch_dev_server
from tests.factories import EXAMPLES
from tests.helpers import TEST_CASE_ID_KEY, TEST_PAYLOAD_KEY

ROOT = Path(__file__).resolve().parent.parent


class Operator:
    """Runs the project's commands with one environment, like a shell session would."""

    def __init__(self, env: dict[str, str], data_dir: Path) -> None:
        self.env = env
        self.data_dir = data_dir
        self.worker: subprocess.Popen[bytes] | None = None  # the worker started with the server
        self.server: subprocess.Popen[bytes] | None = None

    def start_worker(self, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        """A worker with this environment (stopped with the server)."""
        self.worker = subprocess.Popen(
            [sys.executable, str(ROOT / "worker.py")], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        return self.worker

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.terminate()
            self.worker.wait(timeout=30)
            self.worker = None

    def restart_server(self, tmp: Path) -> None:
        """The dev server again, on its own database and port (after a kill), and a worker if
        the old one is gone."""
        port = int(self.env["TEMPORAL_ADDRESS"].rpartition(":")[2])
        self.server = launch_dev_server(tmp, tmp / "temporal-again.log", port=port).process
        if self.worker is None or self.worker.poll() is not None:
            self.start_worker(self.env, tmp / "worker-again.log")

    def samples(self) -> list[Path]:
        """The spec's examples, dated for today as `make run` takes them in (written once, so a
        second intake of them is the same notices)."""
        folder = self.data_dir.parent / "samples"
        if not folder.exists():
            write_samples(EXAMPLES, folder, datetime.now(UTC))
        return sorted(folder.iterdir())

    def sample(self, name: str) -> dict[str, Any]:
        self.samples()
        loaded: dict[str, Any] = json.loads((self.data_dir.parent / "samples" / name).read_text())
        return loaded

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "starter.py"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def intake(self, *files: Path) -> tuple[int, list[dict[str, Any]]]:
        done = self.run("intake", *map(str, files), "--json")
        assert done.returncode in (0, 1), done.stderr
        return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]

    def show(self, *args: str) -> dict[str, Any]:
        done = self.run("show", *args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    def show_when(self, case_id: str, check: Any, seconds: float = 30) -> dict[str, Any]:
        end = time.monotonic() + seconds
        while True:
            view = self.show(case_id)
            if check(view) or time.monotonic() > end:
                return view
            time.sleep(0.3)


def base_env(tmp: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TEMPORAL_ADDRESS=f"127.0.0.1:{port}",
        EVICTION_DATA_DIR=str(tmp / "data"),
        EVICTION_CASE_ID_KEY=TEST_CASE_ID_KEY,
        EVICTION_PAYLOAD_KEY=TEST_PAYLOAD_KEY,
        EVICTION_LANG="en",  # the assertions read the English texts; Swedish is tested apart
    )
    return env


def wait_for_worker(env: dict[str, str], seconds: float = 90) -> None:
    """Until the worker polls the cases' queue: on a loaded machine it takes seconds to start,
    and a command run before then is rightly told that no worker runs. In a thread of its own,
    so that async tests (a running event loop) can use it too."""
    from temporalio.client import Client
    from temporalio.service import RPCError

    from infra.key_check import case_queue
    from infra.settings import load_settings

    previous = dict(os.environ)
    os.environ.update(env)
    try:
        settings = load_settings()
    finally:
        os.environ.clear()
        os.environ.update(previous)

    async def polled() -> None:
        end = time.monotonic() + seconds
        while True:
            try:  # the frontend answers its port a moment before it is healthy
                client = await Client.connect(env["TEMPORAL_ADDRESS"], namespace=settings.temporal_namespace)
                if (await client.workflow_service.describe_task_queue(case_queue(settings))).pollers:
                    return
            except (RuntimeError, RPCError):
                pass
            assert time.monotonic() < end, "the worker did not start polling"
            await asyncio.sleep(0.3)

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, polled()).result()


@contextmanager
def running_dev_server(tmp: Path, extra_env: dict[str, str] | None = None) -> Iterator[Operator]:
    """A dev server (no Web UI) on a free port and a worker, both stopped afterwards."""
    server, port, _ = launch_dev_server(tmp, tmp / "temporal.log")
    env = {**base_env(tmp, port), **(extra_env or {})}
    operator = Operator(env, tmp / "data")
    operator.server = server
    try:
        operator.start_worker(env, tmp / "worker.log")
        wait_for_worker(env)
        yield operator
    finally:
        operator.stop_worker()
        for running in {server, operator.server}:
            if running is not None:
                running.terminate()
                running.wait(timeout=20)
