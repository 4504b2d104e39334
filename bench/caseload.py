"""A nation's caseload on one machine (issue 20, point 3): about 140 notices a day and 7,700
open cases in Sweden. On a fresh dev server (SQLite, WAL) with the real worker:

1. a backlog of N1 notices (default 7,700: a migration from the old case system) taken in by
   `cases intake`, timed to the last information letter;
2. more notices to N open cases (default 10,000);
3. with them open: `show` (the case's query, in process, p50/p95 over a sample, and as a person
   runs it, a new process), `list --overdue`, the month's report and the agenda (new processes);
   the worker's memory (resident set, its cache of workflows);
4. the worker restarted: how long until it polls, and the sample's queries again (each case is
   replayed from its history into the new worker's cache), the memory after; each sampled
   case's next timer, as the server holds it, against the one the case's state names;
5. the cases' timers firing on the restarted worker: `--wake` of the later notices are
   Kronofogden's, with an eviction set for a moment after the restart (the dev server's clock
   cannot be moved, and other timers are days away): from that moment, how long until every
   one of those cases has woken on the new worker, replayed its history and reminded its
   officer to record the outcome, once;
6. history events per case (a sample).

Prints the figures; asserts nothing.

    python bench/caseload.py --backlog 7700 --open 10000
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import failed_tasks, start_bench_server, start_worker  # noqa: E402
from bench.intake_benchmark import count_letters  # noqa: E402
from tests.factories import random_notices  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def intake(
    env: dict[str, str], tmp: Path, notices: list[dict[str, Any]], name: str
) -> tuple[float, dict[str, str]]:
    """`cases intake` of the notices, timed until every one's information letter exists."""
    batch = tmp / f"{name}.jsonl"
    batch.write_text("\n".join(json.dumps(n, ensure_ascii=False) for n in notices) + "\n")
    outbox = tmp / "data" / "outbox"
    before = count_letters(outbox)
    started = time.monotonic()
    receipts = tmp / f"{name}-receipts.jsonl"
    done = subprocess.run(
        [sys.executable, str(ROOT / "starter.py"), "intake", str(batch), "--json", "--parallel", "32"],
        env=env,
        stdout=receipts.open("w"),
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"intake failed: {done.stderr[-2000:]}")
    answers = [json.loads(line) for line in receipts.read_text().splitlines() if line.strip()]
    # A notice about a household already taken in joins its case: no information letter of its own.
    opened = sum(answer["status"] == "opened" for answer in answers)
    while count_letters(outbox) < before + opened:
        time.sleep(0.5)
    return time.monotonic() - started, {answer["notice_id"]: answer["case_id"] for answer in answers}


def wake_at(notices: list[dict[str, Any]], at: datetime) -> None:
    """These notices become Kronofogden's, with the eviction set at `at` (same tenants)."""
    for notice in notices:
        for kind_field in ("rent_arrears", "disturbance"):
            notice.pop(kind_field, None)
        notice["kind"] = "eviction"
        notice["sender"] = {"kind": "kronofogden", "name": "Kronofogdemyndigheten"}
        notice["eviction"] = {"scheduled_at": at.isoformat(), "kfm_case_number": "12-000001-26"}


def outcome_reminders(reminders: Path, case_ids: set[str], seen: dict[Path, str]) -> Counter[str]:
    """Reminders to record an eviction's outcome, per case among `case_ids` (files read once)."""
    for path in reminders.glob("*/*.json"):
        if path not in seen and path.name[: path.name.rfind("-")] in case_ids:
            seen[path] = json.loads(path.read_text(encoding="utf-8"))["topic"]
    wanted = "eviction_outcome_needed"
    return Counter(path.name[: path.name.rfind("-")] for path, topic in seen.items() if topic == wanted)


async def timers_agree(env: dict[str, str], case_ids: list[str]) -> tuple[int, float]:
    """How many of the cases hold, on the server, one timer set for the moment their state's
    next timer names (within a second), and the longest a timer runs behind it. A workflow sets
    its timer from the moment its task started (`workflow.now()`); the server counts from when
    the task completed, so a task that took long under load fires that much later."""
    os.environ.update(env)
    from temporalio.api.enums.v1 import EventType

    from infra.case_client import case_state
    from infra.settings import load_settings
    from infra.temporal import connect

    client = await connect(load_settings())
    agree, behind = 0, 0.0
    for case_id in case_ids:
        state = await case_state(client, case_id)
        pending = [t.at for t in state.period.timers if not t.done]
        task_started: datetime | None = None
        held: dict[str, tuple[datetime, float]] = {}  # timer id: (meant for, seconds behind)
        for event in (await client.get_workflow_handle(case_id).fetch_history()).events:
            at = event.event_time.ToDatetime(UTC)
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
                task_started = at
            elif event.event_type == EventType.EVENT_TYPE_TIMER_STARTED and task_started is not None:
                attributes = event.timer_started_event_attributes
                runs = attributes.start_to_fire_timeout.ToTimedelta()
                held[attributes.timer_id] = (task_started + runs, (at - task_started).total_seconds())
            elif event.event_type == EventType.EVENT_TYPE_TIMER_FIRED:
                held.pop(event.timer_fired_event_attributes.timer_id, None)
            elif event.event_type == EventType.EVENT_TYPE_TIMER_CANCELED:
                held.pop(event.timer_canceled_event_attributes.timer_id, None)
        timers = list(held.values())
        if not pending and not timers:
            agree += 1  # nothing to wake for: the case waits for a message
        elif pending and len(timers) == 1 and abs((timers[0][0] - min(pending)).total_seconds()) <= 1:
            agree += 1
            behind = max(behind, timers[0][1])
    return agree, behind


def timed_process(env: dict[str, str], *args: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        begin = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(ROOT / "starter.py"), *args], env=env, capture_output=True, text=True
        )
        times.append(time.monotonic() - begin)
        if done.returncode != 0:
            raise SystemExit(f"{args}: {done.stderr[-1000:]}")
    return statistics.median(times)


async def query_times(env: dict[str, str], case_ids: list[str], parallel: int = 8) -> list[float]:
    os.environ.update(env)
    from infra.case_client import case_state
    from infra.settings import load_settings
    from infra.temporal import connect

    client = await connect(load_settings())
    gate = asyncio.Semaphore(parallel)
    times: list[float] = []

    async def one(case_id: str) -> None:
        async with gate:
            begin = time.monotonic()
            await case_state(client, case_id)
            times.append(time.monotonic() - begin)

    await asyncio.gather(*(one(case_id) for case_id in case_ids))
    return times


async def events_per_case(env: dict[str, str], case_ids: list[str]) -> float:
    os.environ.update(env)
    from infra.settings import load_settings
    from infra.temporal import connect

    client = await connect(load_settings())
    counts = [len((await client.get_workflow_handle(i).fetch_history()).events) for i in case_ids]
    return statistics.mean(counts)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backlog", type=int, default=7700)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument(
        "--wake", type=int, default=1000,
        help="of the later notices, Kronofogden's with an eviction set for after the restart",
    )  # fmt: skip
    parser.add_argument(
        "--cached-cases",
        type=int,
        default=12_000,
        help="the worker's cache (EVICTION_CACHED_CASES): with fewer than the cases in flight, a "
        "backlog replays each case's history for every task and slows to a few letters a second",
    )
    parser.add_argument(
        "--margin", type=float, default=8, help="minutes added to the eviction's moment for the readings"
    )
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="eviction-caseload-") as folder:
        tmp = Path(folder)
        env, server = start_bench_server(tmp)
        env["EVICTION_CACHED_CASES"] = str(args.cached_cases)
        worker = None
        try:
            worker = start_worker(env, tmp / "worker.log")
            notices = random_notices(args.open, datetime.now(UTC))
            seconds, ids = intake(env, tmp, notices[: args.backlog], "backlog")
            rows.append(
                (f"backlog of {args.backlog} taken in, to the last letter", f"{seconds / 60:.1f} min")
            )
            # The rest, received now; the last of them with an eviction after the restart: the
            # intake's time at the backlog's pace (half again: three letters each), the readings.
            later = random_notices(args.open, datetime.now(UTC))[args.backlog :]
            pace = seconds / args.backlog
            lead = timedelta(seconds=1.5 * pace * len(later)) + timedelta(minutes=args.margin)
            eviction_at = (datetime.now(UTC) + lead).replace(microsecond=0)
            wake = later[len(later) - args.wake :] if args.wake else []
            wake_at(wake, eviction_at)
            more, ids_more = intake(env, tmp, later, "more")
            wake_ids = {ids_more[notice["notice_id"]] for notice in wake}
            case_ids = sorted({*ids.values(), *ids_more.values()})
            rows.append(
                (
                    f"open cases ({len(notices) - args.backlog} more in {more / 60:.1f} min)",
                    str(len(case_ids)),
                )
            )
            sample = random.Random(20).sample(case_ids, min(args.sample, len(case_ids)))
            times = asyncio.run(query_times(env, sample))
            rows.append(
                (
                    "show, the case's query, p50 / p95",
                    f"{statistics.median(times) * 1000:.0f} / {percentile(times, 0.95) * 1000:.0f} ms",
                )
            )
            rows.append(
                (
                    "show as a person runs it (a new process), median",
                    f"{timed_process(env, 'show', sample[0], '--json'):.2f} s",
                )
            )
            rows.append(
                (
                    "list --overdue (a new process), median",
                    f"{timed_process(env, 'list', '--overdue', '--json'):.2f} s",
                )
            )
            month = datetime.now(UTC).strftime("%Y-%m")
            rows.append(
                (
                    "the month's report (a new process), median",
                    f"{timed_process(env, 'report', '--month', month, '--json'):.2f} s",
                )
            )
            rows.append(
                (
                    "the agenda (a new process), median",
                    f"{timed_process(env, 'agenda', '--json', runs=1):.2f} s",
                )
            )
            rows.append(
                (
                    f"worker memory (resident), all cases taken in, cache of {args.cached_cases}",
                    f"{rss_mb(worker.pid):.0f} MB",
                )
            )
            worker.terminate()
            worker.wait(timeout=60)
            begin = time.monotonic()
            worker = start_worker(env, tmp / "worker-2.log")
            rows.append(("worker restart, until it polls", f"{time.monotonic() - begin:.1f} s"))
            begin = time.monotonic()
            again = asyncio.run(query_times(env, sample))
            whole = time.monotonic() - begin
            rows.append(
                (
                    f"after the restart: {len(sample)} cases replayed into the cache",
                    f"{whole:.1f} s, p50 / p95 {statistics.median(again) * 1000:.0f} / "
                    f"{percentile(again, 0.95) * 1000:.0f} ms",
                )
            )
            rows.append(("worker memory after the restart and the sample", f"{rss_mb(worker.pid):.0f} MB"))
            agree, behind = asyncio.run(timers_agree(env, sample))
            rows.append(
                (
                    "sampled cases whose next timer the server holds as their state names it",
                    f"{agree} of {len(sample)} (fired at most {behind:.1f} s behind: the task's time)",
                )
            )
            if wake:
                waiting = (eviction_at - datetime.now(UTC)).total_seconds()
                if waiting <= 0:
                    raise SystemExit("the evictions' moment passed before the restart: give more --open time")
                time.sleep(waiting)
                begin = time.monotonic()
                seen: dict[Path, str] = {}
                reminded: Counter[str] = Counter()
                while len(reminded) < len(wake_ids) and time.monotonic() - begin < 1800:
                    time.sleep(1)
                    reminded = outcome_reminders(tmp / "data" / "reminders", wake_ids, seen)
                fired = time.monotonic() - begin
                twice = sum(count > 1 for count in reminded.values())
                rows.append(
                    (
                        f"{len(wake_ids)} cases' eviction timers, due together after the restart",
                        f"all fired and reminded in {fired:.1f} s" if len(reminded) == len(wake_ids)
                        else f"only {len(reminded)} fired in {fired:.0f} s",
                    )
                )  # fmt: skip
                rows.append(("  of them reminded twice", str(twice)))
                rows.append(("worker memory after they fired", f"{rss_mb(worker.pid):.0f} MB"))
            rows.append(("cases whose workflow task failed (supervisor alerts)", str(failed_tasks(tmp))))
            rows.append(
                (
                    "history events per case (sample of 50)",
                    f"{asyncio.run(events_per_case(env, sample[:50])):.1f}",
                )
            )
        finally:
            for process in (worker, server):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=60)
    machine = f"{os.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d}"
    print(f"A nation's caseload, dev server on SQLite (WAL), {machine}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
