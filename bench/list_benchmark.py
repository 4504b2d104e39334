"""Benchmark: how long `cases list --overdue` takes over N open cases on the dev server.

The list reads only Temporal visibility (search attributes), so the benchmark fills visibility
directly: N HouseholdCase executions started on a task queue no worker polls, each with the
search attributes a case of that state publishes (every Nth overdue), on a fresh dev server
on SQLite (WAL). Then it times the list in-process (the query and the rows) and as a person
runs it (`starter.py list --overdue --json`, a new process). Prints the figures; asserts nothing.

    python bench/list_benchmark.py --count 10000
"""

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_env  # noqa: E402
from infra.case_list import CaseFilter, list_cases  # noqa: E402
from infra.temporal import ensure_search_attributes  # noqa: E402
from run_local import launch_dev_server  # noqa: E402
from workflows import search_attributes as sa  # noqa: E402

DISTRICTS = ["Farsta", "Västerås centrum", "Enskede-Årsta-Vantör", "Rinkeby", "Skärholmen"]


def attributes(index: int, now: datetime, overdue_every: int) -> TypedSearchAttributes:
    overdue = index % overdue_every == 0
    pairs: list[SearchAttributePair[Any]] = [
        SearchAttributePair(sa.CASE_TRACKS, ["rent_arrears"] if index % 3 else ["eviction"]),
        SearchAttributePair(sa.CASE_PHASE, "preassessment"),
        SearchAttributePair(sa.NEXT_DEADLINE, now + timedelta(hours=index % 500)),
        SearchAttributePair(sa.NEXT_DEADLINE_KIND, "preassessment_limit"),
        SearchAttributePair(sa.HAS_CHILDREN, index % 4 == 0),
        SearchAttributePair(sa.DISTRICT, DISTRICTS[index % len(DISTRICTS)]),
        SearchAttributePair(sa.CASE_OFFICER, f"officer-{index % 40:02d}"),
        SearchAttributePair(sa.CASE_NUMBER, f"VRK 2026-{index + 1:06d}"),
        SearchAttributePair(sa.ELDERLY, index % 7 == 0),
        SearchAttributePair(sa.PERSONALLY_REACHED, index % 2 == 0),
    ]
    if overdue:
        pairs.append(SearchAttributePair(sa.OVERDUE_DEADLINES, ["preassessment_reminder"]))
    return TypedSearchAttributes(pairs)


async def fill(
    client: Client, count: int, now: datetime, overdue_every: int = 10, parallel: int = 64
) -> float:
    gate = asyncio.Semaphore(parallel)
    started = time.monotonic()

    async def one(index: int) -> None:
        async with gate:
            await client.start_workflow(
                "HouseholdCase",
                id=f"household-bench-{index:08d}",
                task_queue="no-worker-polls-this",
                search_attributes=attributes(index, now, overdue_every),
            )

    await asyncio.gather(*(one(index) for index in range(count)))
    return time.monotonic() - started


async def visible(client: Client, count: int) -> None:
    while (await client.count_workflows('WorkflowType = "HouseholdCase"')).count < count:
        await asyncio.sleep(1)


async def measure(address: str, count: int, overdue_every: int, env: dict[str, str]) -> None:
    client = await Client.connect(address)
    await ensure_search_attributes(client, "default")
    now = datetime.now(UTC)
    seconds = await fill(client, count, now, overdue_every)
    print(f"started {count} cases in {seconds:.1f} s ({count / seconds:.0f}/s)")
    await visible(client, count)
    timings, found = [], 0
    for _ in range(7):
        begin = time.monotonic()
        rows = (await list_cases(client, CaseFilter(overdue=True), datetime.now(UTC))).rows
        timings.append(time.monotonic() - begin)
        found = len(rows)
    print(
        f"list --overdue in process: {found} of {count} cases, median {statistics.median(timings):.3f} s, "
        f"min {min(timings):.3f} s, max {max(timings):.3f} s"
    )
    whole = []
    for _ in range(3):
        begin = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(ROOT / "starter.py"), "list", "--overdue", "--json"],
            env=env,
            capture_output=True,
            text=True,
        )
        whole.append(time.monotonic() - begin)
        assert done.returncode == 0, done.stderr
    median = statistics.median(whole)
    print(f"`starter.py list --overdue --json` as a person runs it (a new process): median {median:.3f} s")
    begin = time.monotonic()
    rows = (await list_cases(client, CaseFilter(), datetime.now(UTC))).rows
    print(f"list (every open case, {len(rows)}) in process: {time.monotonic() - begin:.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--overdue-every", type=int, default=10, help="every Nth case is overdue")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eviction-list-bench-") as folder:
        tmp = Path(folder)
        server, port, _ = launch_dev_server(tmp, tmp / "temporal.log")
        env = bench_env(tmp, port)
        try:
            asyncio.run(measure(f"127.0.0.1:{port}", args.count, args.overdue_every, env))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
