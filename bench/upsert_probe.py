"""How many visibility writes a run's search-attribute upserts cost the dev server (issue 20).

The server's profile (`bench/server_profile.py`) puts a case's second visibility write among
the largest costs the project has beyond the floor. This probe starts small runs that upsert
in different places and counts the server's visibility upsert tasks for each, from its
Prometheus counters:

    python bench/upsert_probe.py [--runs 40]

Measured on 29 Nov 2026: a run that upserts nothing 1.00 (the server writes the record at the
first completed task itself), an upsert in that task 1.00, a patch marker (the SDK's
`TemporalChangeVersion`) and an upsert there 1.00, an upsert in the first task and another in
a later one 2.00.
"""

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import urllib.request
from datetime import timedelta
from pathlib import Path

from temporalio import workflow
from temporalio.client import Client
from temporalio.common import SearchAttributeKey
from temporalio.service import RPCError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run_local import free_port  # noqa: E402

PROBE = SearchAttributeKey.for_keyword("Probe")
QUEUE = "upsert-probe"
HOLD = timedelta(seconds=30)  # the runs stay open, as cases do, while the counters are read


# The kinds of run probed: where they upsert.
KINDS = ("no upsert", "an upsert in the first task", "a patch and an upsert in it", "upserts in two tasks")


@workflow.defn
class UpsertProbe:
    @workflow.run
    async def run(self, kind: str) -> None:
        if kind == KINDS[2]:
            workflow.patched("probe-patch")  # the SDK upserts TemporalChangeVersion with its marker
        if kind != KINDS[0]:
            workflow.upsert_search_attributes([PROBE.value_set("first")])
        if kind == KINDS[3]:
            await workflow.sleep(timedelta(milliseconds=200))  # a later task
            workflow.upsert_search_attributes([PROBE.value_set("second")])
        await workflow.sleep(HOLD)


def upsert_tasks(metrics_port: int) -> float:
    """The visibility upsert tasks the server has run so far."""
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return sum(
        float(value)
        for labels, value in re.findall(r"^task_requests\{([^}]*)\} (\S+)$", text, re.MULTILINE)
        if 'operation="VisibilityTaskUpsertExecution"' in labels
    )


async def connect(port: int) -> Client:
    for _ in range(100):
        try:
            return await Client.connect(f"127.0.0.1:{port}")
        except (RPCError, RuntimeError):
            await asyncio.sleep(0.3)
    raise SystemExit("the dev server did not answer")


async def probe(runs: int) -> None:
    port, metrics_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="upsert-probe-") as folder:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "temporal"), "server", "start-dev", "--headless",
             "--db-filename", str(Path(folder) / "temporal.db"), "--port", str(port),
             "--metrics-port", str(metrics_port), "--search-attribute", "Probe=Keyword",
             "--log-level", "error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            client = await connect(port)
            async with Worker(
                client, task_queue=QUEUE, workflows=[UpsertProbe], workflow_runner=UnsandboxedWorkflowRunner()
            ):
                for number, kind in enumerate(KINDS):
                    before = upsert_tasks(metrics_port)
                    for k in range(runs):
                        await client.start_workflow(
                            UpsertProbe.run, kind, id=f"probe-{number}-{k}", task_queue=QUEUE
                        )
                    await asyncio.sleep(4)  # the server's visibility queue runs its tasks
                    each = (upsert_tasks(metrics_port) - before) / runs
                    print(f"{kind:32} visibility upsert tasks a run: {each:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=40)
    asyncio.run(probe(parser.parse_args().runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
