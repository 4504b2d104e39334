"""The senders' API as a process of its own beside a real dev server and worker, with senders
made by the operators' command; for the API's tests and its benchmark."""

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from run_local import free_port, wait_for_port
from tests.devserver import ROOT, Operator


@dataclass
class ApiSender:
    sender_id: str
    secret: str
    name: str
    kind: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


@dataclass
class RunningApi:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    senders: dict[str, ApiSender] = field(default_factory=dict)

    def client(self, timeout: float = 30) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=timeout)


def add_sender(operator: Operator, name: str, kind: str) -> ApiSender:
    done = operator.run("senders", "add", "--name", name, "--kind", kind, "--json")
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    return ApiSender(made["sender_id"], made["secret"], name, kind)


@contextmanager
def running_api(operator: Operator, log: Path, rate: str = "1000/second") -> Iterator[RunningApi]:
    """`cases api` on a free port, stopped afterwards."""
    port = free_port()
    env = {**operator.env, "EVICTION_API_RATE": rate}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "starter.py"), "api", "--port", str(port)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port("127.0.0.1", port, 60, "the senders' API", process)
        yield RunningApi(f"http://127.0.0.1:{port}", process, log)
    finally:
        process.terminate()
        process.wait(timeout=20)
