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
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from temporalio import workflow
from temporalio.client import Client
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import start_bench_server  # noqa: E402
from bench.explain import store_operations  # noqa: E402
from infra.temporal import ensure_search_attributes  # noqa: E402
from run_local import free_port  # noqa: E402
from workflows.search_attributes import CASE_PHASE  # noqa: E402

PROBE = CASE_PHASE  # one of the cases' own keyword attributes, registered as the worker does
QUEUE = "upsert-probe"
UPSERTS = "queue task: VisibilityTaskUpsertExecution"
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


async def probe(runs: int) -> None:
    metrics_port = free_port()
    with tempfile.TemporaryDirectory(prefix="upsert-probe-") as folder:
        env, server = start_bench_server(Path(folder), metrics_port)
        try:
            client = await Client.connect(env["TEMPORAL_ADDRESS"])
            await ensure_search_attributes(client, client.namespace)
            async with Worker(
                client, task_queue=QUEUE, workflows=[UpsertProbe], workflow_runner=UnsandboxedWorkflowRunner()
            ):
                for number, kind in enumerate(KINDS):
                    before = store_operations(metrics_port)[UPSERTS]
                    for k in range(runs):
                        await client.start_workflow(
                            UpsertProbe.run, kind, id=f"probe-{number}-{k}", task_queue=QUEUE
                        )
                    await asyncio.sleep(4)  # the server's visibility queue runs its tasks
                    each = (store_operations(metrics_port)[UPSERTS] - before) / runs
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
