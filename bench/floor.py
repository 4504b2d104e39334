"""The floor the project is measured against (issue 20): a trivial case started the same way
(update-with-start, the same encrypting pydantic converter, the same dev server) that runs one
activity that writes nothing. `python -m bench.floor worker` runs its worker; `python -m
bench.floor intake N` takes N notices in and waits until every activity ran, printing seconds."""

import asyncio
import json
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from temporalio import activity, workflow
from temporalio.client import Client, WithStartWorkflowOperation
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.worker import UnsandboxedWorkflowRunner, Worker, WorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

with workflow.unsafe.imports_passed_through():
    from workflows.case_effects import ACTIVITY_TIMEOUT

QUEUE = "floor"


@activity.defn(name="floor_noop")
def noop(notice_id: str) -> str:
    return notice_id


@workflow.defn(name="FloorCase")
class FloorCase:
    def __init__(self) -> None:
        self._notice: str | None = None

    @workflow.run
    async def run(self) -> str:
        await workflow.wait_condition(lambda: self._notice is not None)
        assert self._notice is not None
        # The letters' timeout: the server fires each activity's timeout timer when it runs
        # out, done or not, so a longer one here moved the floor's timers into the project's run.
        return await workflow.execute_activity(  # type: ignore[no-any-return]
            "floor_noop", self._notice, start_to_close_timeout=ACTIVITY_TIMEOUT
        )

    @workflow.update
    async def take(self, notice_id: str) -> str:
        self._notice = notice_id
        return "opened"


async def _client() -> Client:
    from infra.settings import load_settings
    from infra.temporal import connect

    return await connect(load_settings())


async def run_worker() -> None:
    """The SDK's defaults, the workflow sandbox among them; FLOOR_SANDBOX=0 runs the floor
    without it, as the project's workers run (`bench/explain.py --floor-unsandboxed`)."""
    client = await _client()
    runner: WorkflowRunner = (
        UnsandboxedWorkflowRunner() if os.environ.get("FLOOR_SANDBOX") == "0" else SandboxedWorkflowRunner()
    )
    with ThreadPoolExecutor(max_workers=16) as executor:
        worker = Worker(
            client, task_queue=QUEUE, workflows=[FloorCase], activities=[noop], activity_executor=executor,
            workflow_runner=runner,
        )  # fmt: skip
        print("worker started", flush=True)
        await worker.run()


async def intake(count: int, parallel: int) -> None:
    client = await _client()
    gate = asyncio.Semaphore(parallel)
    ids = [f"floor-{uuid.uuid4().hex}" for _ in range(count)]
    begin = time.monotonic()

    async def one(workflow_id: str) -> None:
        async with gate:
            start = WithStartWorkflowOperation(
                FloorCase.run,
                id=workflow_id,
                task_queue=QUEUE,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            )
            await client.execute_update_with_start_workflow(
                FloorCase.take, workflow_id, start_workflow_operation=start
            )

    await asyncio.gather(*(one(i) for i in ids))
    taken = time.monotonic() - begin
    for workflow_id in ids:
        await client.get_workflow_handle(workflow_id).result()
    done = time.monotonic() - begin
    print(json.dumps({"intake_s": taken, "all_activities_s": done}))


if __name__ == "__main__":
    if sys.argv[1] == "worker":
        asyncio.run(run_worker())
    else:
        asyncio.run(intake(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 32))
