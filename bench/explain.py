"""`make bench`: the project against its floor in one run, and where the time goes (issue 20).

One dev server (SQLite, WAL), N notices:
1. the floor: a trivial case started the same way (update-with-start, the same encrypting
   converter, one activity that writes nothing; bench/floor.py), its own workers, run before
   the project and again after it; the mean of the two is the floor (the run after was the
   slower in every pair measured: the project ran between them);
2. the project: `worker.py` and `starter.py intake`, until every information letter is written,
   with no profiler on it (the floor has none);
3. the project once more, its first worker sampled by py-spy, not timed: sampling took 0.15-0.3
   of a core in the letters' phase, on a machine whose two cores they fill;
then, of the timed run: from the cases' histories, workflow tasks, activities, events and
search-attribute upserts per notice; from /proc, the CPU seconds of the workers and the server,
the intake client's from its resource usage once it ended; from the server's Prometheus
counters, its store's operations and its own queues' tasks per notice. Of the profiled run: each
first worker's CPU by thread (the event loop, workflow tasks, activities, the SDK's core) and
from py-spy's samples the worker's CPU split into rendering letters, converting and encrypting
payloads, running workflow code (the sandbox) and the rest, as shares of the timed run's CPU.
The cases whose workflow task failed, in either run (none in a healthy run).
With `--server-profile`, perf samples the server during the floor's first run and the project's
(bench/server_profile.py): its CPU a notice by what it was doing and where the CPU went.
Prints a table; asserts nothing. With `--runs K`, the whole of it K times, one after the other,
and the median of the ratios (`make bench`: three).

    python bench/explain.py --count 1000 --workers 2 --runs 3
"""

import argparse
import asyncio
import itertools
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import failed_tasks, start_bench_server, start_worker, wait_for_worker  # noqa: E402
from bench.intake_benchmark import count_letters  # noqa: E402
from bench.server_profile import available, call_chains, recorded, split, temporal_binary  # noqa: E402
from tests.factories import random_notices  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
# Where a sample of the worker's CPU belongs, by the first match in its stack.
PARTS = [
    ("rendering letters", ("fpdf", "letter_texts", "render_letter", "activities/pdf", "fonttools", "jinja2")),
    ("payloads (convert, encrypt)", ("converter", "pydantic", "codec.py", "aead", "protobuf")),
    ("workflow code (and the sandbox, where on)", ("workflows/", "_workflow_instance", "sandbox")),
    ("reporting store (SQL)", ("sqlalchemy", "sqlite3", "reporting/")),
    ("writing files (outbox, fsync)", ("activities/outbox.py", "tempfile.py", "pathlib.py")),
    ("imports (modules loaded while running)", ("importlib",)),
]
# A thread waiting for work, not working: py-spy samples it all the same.
IDLE = ("selectors.py", "concurrent/futures/thread.py:81", "Condition.wait", "Event.wait", "queue.py")


def cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    return stat_cpu(Path(f"/proc/{pid}/stat").read_text())


def stat_cpu(stat: str) -> float:
    """CPU seconds (user + system) in a process's or a thread's `stat` line."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


# The SDK's core (Rust) names its threads; Python's threads are all "python" to the kernel.
CORE_THREADS = ("tokio-", "workflow-proces", "temporal-real", "ctrl-c")
THREAD_PARTS = (
    "the event loop (activations, activities, payloads)",
    "workflow tasks (the cases' code, the SDK's runtime)",
    "activities and local activities",
    "Python threads (workflow tasks and activities)",
    "the SDK's core (its Rust threads)",
)


def thread_cpu(pids: list[int]) -> dict[tuple[int, int], tuple[str, float]]:
    """CPU seconds so far of every thread of these processes, with the kernel's name of it."""
    found: dict[tuple[int, int], tuple[str, float]] = {}
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                text = (task / "stat").read_text()
            except OSError:  # the thread ended meanwhile
                continue
            name = text[text.index("(") + 1 : text.rindex(")")]
            found[(pid, int(task.name))] = (name, stat_cpu(text))
    return found


def split_threads(
    before: dict[tuple[int, int], tuple[str, float]],
    after: dict[tuple[int, int], tuple[str, float]],
    python_names: dict[int, str],
) -> dict[str, float]:
    """The CPU a worker's threads spent between two readings, by part: py-spy's samples give
    high shares to threads that wait to run (a thread woken by the event loop counts as busy
    while the loop's thread waits for a core), /proc counts only the CPU. Python's threads are
    told apart by the names py-spy gives them (`python_names`), where it sampled them."""
    parts = dict.fromkeys(THREAD_PARTS, 0.0)
    for key, (name, used) in after.items():
        pid, tid = key
        spent = used - before.get(key, (name, 0.0))[1]
        if tid == pid:
            part = THREAD_PARTS[0]
        elif name.startswith(CORE_THREADS):
            part = THREAD_PARTS[4]
        elif tid not in python_names:
            part = THREAD_PARTS[3]
        elif python_names[tid].startswith("case_tasks"):
            part = THREAD_PARTS[1]
        else:
            part = THREAD_PARTS[2]
        parts[part] += spent
    return parts


def thread_names(raw: Path) -> dict[int, str]:
    """The native thread ids py-spy sampled (`--threads`), with Python's names of them."""
    return {
        int(match.group(1)): match.group(2)
        for match in re.finditer(r"^thread \((\d+)\): ([^;]+);", raw.read_text(), re.MULTILINE)
    }


def print_server_parts(
    parts: dict[str, tuple[dict[str, float], dict[str, float]]], floor_each: float, project_each: float
) -> None:
    """The server's CPU a notice by what it was doing and where it went (perf's samples of the
    floor's first run and of the project's, applied to each run's server CPU)."""
    nothing: tuple[dict[str, float], dict[str, float]] = ({}, {})
    floor, project = parts.get("floor", nothing), parts.get("project", nothing)
    for k, title in enumerate(("the server's CPU by what it was doing", "and by where it went")):
        print(f"{title}, ms a notice (perf's samples of it):")
        print(f"  {'':70}{'floor':>8}{'project':>9}")
        for label, share in project[k].items():
            low = floor[k].get(label, float("nan")) * floor_each
            print(f"  {label:70}{1000 * low:>8.1f}{1000 * share * project_each:>9.1f}")
    print()


def share_of(parts: dict[str, float], part: str) -> float:
    """A part's share of a worker's CPU (0 where nothing was measured)."""
    total = sum(parts.values())
    return parts.get(part, 0.0) / total if total else 0.0


def children_cpu() -> float:
    """CPU seconds of the child processes waited for so far: the intake's client, once it ended."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


# The server's store operations that follow the notices; the rest follow the run's length (the
# namespace and cluster registries refresh, the queues poll their tables).
PER_CASE = (
    "store: CreateWorkflowExecution",
    "store: UpdateWorkflowExecution",
    "store: GetCurrentExecution",
    "store: ReadHistoryBranch",
    "store: CreateTasks",
    "visibility: ",
    "queue task: ",
)


def store_operations(metrics_port: int) -> Counter[str]:
    """The dev server's operations so far, from its Prometheus counters: on its store (SQLite:
    executions, tasks, history), on its visibility store, and the tasks of its own queues
    (transfer, timer, visibility) it has run."""
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    found: Counter[str] = Counter()
    families = {
        "persistence_requests": "store",
        "visibility_persistence_requests": "visibility",
        "task_requests": "queue task",
    }
    for name, labels, value in re.findall(r"^(\w+)\{([^}]*)\} (\S+)$", text, re.MULTILINE):
        operation = re.search(r'operation="([^"]*)"', labels)
        if name in families and operation:
            found[f"{families[name]}: {operation.group(1)}"] += int(float(value))
    return found


def split_profile(raw: Path) -> dict[str, float]:
    """Shares of the worker's sampled CPU by part (py-spy's raw format: stack count), idle
    threads left out."""
    counts: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        if not number.isdigit() or ";" not in stack:  # no Python frame: a thread of the SDK's core
            continue
        if any(mark in stack.rsplit(";", 1)[-1] for mark in IDLE):
            continue
        part = next((name for name, marks in PARTS if any(mark in stack for mark in marks)), "the rest")
        counts[part] += int(number)
    total = sum(counts.values()) or 1
    return {name: counts[name] / total for name in [*(n for n, _ in PARTS), "the rest"]}


async def quiet(handle: WorkflowHandle[Any, Any], seconds: float = 120) -> None:
    """Until the case has no task or activity pending: the sample is of the newest cases, some
    still taking their last step when the last letter is written (they counted short)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        described = (await handle.describe()).raw_description
        if not described.HasField("pending_workflow_task") and not described.pending_activities:
            return
        await asyncio.sleep(0.2)


async def history_counts(
    env: dict[str, str], sample: int, workflow_type: str = "HouseholdCase"
) -> tuple[dict[str, float], dict[str, float]]:
    """Per case, over a sample: history events, workflow tasks, activities (by type); and the
    median milliseconds of the case's first workflow task (the one whose completion answers the
    sender): from the start to the task being scheduled, waiting for a worker, in the worker."""
    os.environ.update(env)
    from statistics import median

    from temporalio.api.enums.v1 import EventType

    from infra.settings import load_settings
    from infra.temporal import connect

    client = await connect(load_settings())
    ids = [w.id async for w in client.list_workflows(f'WorkflowType = "{workflow_type}"', limit=sample)]
    totals: Counter[str] = Counter()
    steps = (
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    )
    spans: dict[str, list[float]] = {"waiting for a worker": [], "in the worker": []}
    for workflow_id in ids:
        await quiet(client.get_workflow_handle(workflow_id))
        history = await client.get_workflow_handle(workflow_id).fetch_history()
        moments: dict[int, float] = {}
        for event in history.events:
            totals["events"] += 1
            if event.event_type in steps and event.event_type not in moments:
                moments[event.event_type] = event.event_time.ToMicroseconds() / 1000
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
                totals["workflow tasks"] += 1
            elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
                totals["activities"] += 1
                totals[f"  {event.activity_task_scheduled_event_attributes.activity_type.name}"] += 1
            elif event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
                totals["local activities / markers"] += 1
            elif event.event_type == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
                totals["search attribute upserts"] += 1
        if len(moments) == len(steps):
            spans["waiting for a worker"].append(moments[steps[2]] - moments[steps[1]])
            spans["in the worker"].append(moments[steps[3]] - moments[steps[2]])
    per_case = {key: value / max(len(ids), 1) for key, value in sorted(totals.items(), key=lambda kv: kv[0])}
    return per_case, {key: median(values) for key, values in spans.items() if values}


def run_floor(
    env: dict[str, str],
    tmp: Path,
    n: int,
    parallel: int,
    workers: int,
    server: subprocess.Popen[bytes],
    tag: str,
    perf_into: Path | None = None,
) -> tuple[dict[str, float], float, float, float, dict[str, float]]:
    """The trivial case for `n` notices on its own workers: its timings, the CPU seconds the
    server, its workers and its client spent (`tag` names its workers' logs), and its first
    worker's CPU by thread. With `perf_into`, the server is sampled by perf meanwhile."""
    floor_workers = []
    try:
        for k in range(workers):
            floor_workers.append(subprocess.Popen(
                [sys.executable, "-m", "bench.floor", "worker"], env=env, cwd=ROOT,
                stdout=(tmp / f"floor-worker-{tag}-{k}.log").open("w"), stderr=subprocess.STDOUT,
            ))  # fmt: skip
            wait_for_worker(tmp / f"floor-worker-{tag}-{k}.log")
        server_0, floor_0 = cpu(server.pid), sum(cpu(w.pid) for w in floor_workers)
        client_0, threads_0 = children_cpu(), thread_cpu([floor_workers[0].pid])
        with recorded(server.pid, perf_into):
            done = subprocess.run(
                [sys.executable, "-m", "bench.floor", "intake", str(n), str(parallel)],
                env=env, cwd=ROOT, capture_output=True, text=True,
            )  # fmt: skip
        # The SDK's runtime has crashed the client process at exit (SIGSEGV, SIGABRT) after
        # it printed its timings: those count; a run that printed none does not.
        lines = done.stdout.strip().splitlines()
        if not lines or not lines[-1].startswith("{"):
            raise SystemExit(f"the floor's intake failed ({done.returncode}): {done.stderr[-2000:]}")
        timings: dict[str, float] = json.loads(lines[-1])
        client = children_cpu() - client_0
        threads = split_threads(threads_0, thread_cpu([floor_workers[0].pid]), {})
        return (
            timings,
            cpu(server.pid) - server_0,
            sum(cpu(w.pid) for w in floor_workers) - floor_0,
            client,
            threads,
        )
    finally:
        for floor_worker in floor_workers:
            floor_worker.terminate()
            floor_worker.wait(timeout=30)


RATIOS = {
    "intake": re.compile(r"^intake, notices/s .* (\S+)$", re.MULTILINE),
    "letters": re.compile(r"^all first activities / information letters, s .* (\S+)$", re.MULTILINE),
    "failed": re.compile(r"^cases whose workflow task failed .* (\d+)$", re.MULTILINE),
}


def repeated(args: argparse.Namespace) -> int:
    """The machine's speed drifts between runs by about a tenth, more than either target's
    margin: a verdict is the median of several runs. Each run is this script once more (its
    own server, its floor before and after); the first run's whole table, then each run's ratios.
    Only the first run profiles the project's worker (`--keep-profile` keeps its samples)."""
    argv = [*sys.argv[1:], "--runs", "1"]  # the same options; the last --runs counts
    found: dict[str, list[float]] = {key: [] for key in RATIOS}
    for k in range(args.runs):
        more = ["--no-profile"] if k else []
        done = subprocess.run([sys.executable, __file__, *argv, *more], capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout + done.stderr[-2000:], file=sys.stderr)
            return done.returncode
        if k == 0:
            print(done.stdout)
        for key, pattern in RATIOS.items():
            match = pattern.search(done.stdout)
            found[key].append(float(match.group(1)) if match else float("nan"))
        print(
            f"run {k + 1} of {args.runs}: intake {found['intake'][-1]:.2f} of the floor's rate, "
            f"letters {found['letters'][-1]:.2f} times its time, {found['failed'][-1]:.0f} failed tasks",
            flush=True,
        )
    print(
        f"median of {args.runs} runs: intake {statistics.median(found['intake']):.2f} (the target: "
        f"at least 0.8), letters {statistics.median(found['letters']):.2f} (at most 2)"
    )
    return 0


def idle_cpu() -> float:
    """CPU seconds the machine's cores have been idle (or waiting on the disk) since boot."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return (int(fields[4]) + int(fields[5])) / TICK


def two_batches(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Two batches of `n` notices, the second with no tenant of the first: a tenant's second
    notice joins the case it has, and writes no information letter to wait for."""
    now = datetime.now(UTC)
    first = random_notices(n, now)
    tenants = {notice["tenant"]["personnummer"] for notice in first}
    second = [x for x in random_notices(n + 100, now, seed=8) if x["tenant"]["personnummer"] not in tenants]
    return first, second[:n]


@dataclass
class ProjectRun:
    """One run of the project: its timings, the CPU seconds the server, its workers and its
    intake client spent, its first worker's CPU by thread, and (profiled) by part."""

    intake_s: float
    letters_s: float
    server: float
    workers: float
    client: float
    threads: dict[str, float]
    shares: dict[str, float]
    profiler: float  # CPU seconds py-spy itself spent, where it sampled
    # With --cpu-every: seconds since the start, then the cores the server, the workers, py-spy
    # and nothing (idle) used over the interval before.
    trace: list[tuple[float, float, float, float, float]]


def run_project(
    env: dict[str, str],
    tmp: Path,
    args: argparse.Namespace,
    server: subprocess.Popen[bytes],
    processes: list[subprocess.Popen[bytes]],
    notices: list[dict[str, Any]],
    profile_into: Path | None = None,
) -> ProjectRun:
    """`worker.py` (`args.workers` of them) and `starter.py intake` with `notices`, each
    opening a case of its own (no tenant of an earlier run), until each has its information
    letter; the workers stop after. With `profile_into`, py-spy samples the first worker into
    it: its shares of CPU by part and the names of its threads."""
    tag = "profiled" if profile_into else "timed"
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [sys.executable, str(ROOT / "worker.py")]
    if profile_into:
        command = [spy, "record", "--format", "raw", "-o", str(profile_into), "--rate", "50",
                   "--nonblocking", "--threads", "--", *command]  # fmt: skip
    log = (tmp / f"worker-{tag}.log").open("w")
    first = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    processes.append(first)
    wait_for_worker(tmp / f"worker-{tag}.log")
    worker_pids = [first.pid]
    if profile_into:  # the worker is py-spy's child: the newest process running worker.py
        found = subprocess.run(["pgrep", "-f", "-n", f"{ROOT / 'worker.py'}"], capture_output=True, text=True)
        worker_pids = [int(found.stdout)]
    more_workers = []
    for k in range(1, args.workers):  # more workers on the same queue, not sampled
        more_workers.append(start_worker(env, tmp / f"worker-{tag}-{k}.log"))
        processes.append(more_workers[-1])
        worker_pids.append(more_workers[-1].pid)
    batch = tmp / f"notices-{tag}.jsonl"
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in notices) + "\n")
    letters_wanted = count_letters(tmp / "data" / "outbox") + len(notices)
    server_0, worker_0 = cpu(server.pid), sum(cpu(pid) for pid in worker_pids)
    threads_0, profiler_0 = thread_cpu(worker_pids[:1]), cpu(first.pid) if profile_into else 0.0
    started, client_0 = time.monotonic(), children_cpu()
    intake = subprocess.Popen(
        [sys.executable, str(ROOT / "starter.py"), "intake", str(batch), "--json",
         "--parallel", str(args.parallel)],
        env=env, stdout=subprocess.DEVNULL, stderr=(tmp / f"intake-{tag}.err").open("w"),
    )  # fmt: skip
    intake_s, client = None, float("nan")
    perf = tmp / "project-server.perf" if args.server_profile and not profile_into else None
    trace: list[tuple[float, float, float, float, float]] = []
    readings = (server_0, worker_0, profiler_0, idle_cpu(), 0.0)
    with recorded(server.pid, perf):
        while True:
            now = time.monotonic() - started
            if args.cpu_every and now - readings[4] >= args.cpu_every:
                spy_now = cpu(first.pid) if profile_into else 0.0
                current = (cpu(server.pid), sum(cpu(p) for p in worker_pids), spy_now, idle_cpu(), now)
                span = now - readings[4]
                used = [(b - a) / span for a, b in zip(readings[:4], current[:4], strict=True)]
                trace.append((now, used[0], used[1], used[2], used[3]))
                readings = current
            if intake_s is None and intake.poll() is not None:
                intake_s, client = now, children_cpu() - client_0
            if intake_s is not None and count_letters(tmp / "data" / "outbox") >= letters_wanted:
                letters_s = now
                break
            if now > args.timeout:
                raise SystemExit("timed out")
            time.sleep(0.1)
    assert intake_s is not None
    used_server = cpu(server.pid) - server_0
    used_workers = sum(cpu(pid) for pid in worker_pids) - worker_0
    threads_1 = thread_cpu(worker_pids[:1])
    profiler = cpu(first.pid) - profiler_0 if profile_into else 0.0
    # SIGINT: py-spy, where it runs, writes its samples and stops the worker.
    os.kill(first.pid, signal.SIGINT if profile_into else signal.SIGTERM)
    first.wait(timeout=60)
    for more in more_workers:  # the floor's second run has the cores to itself
        more.terminate()
        more.wait(timeout=30)
    sampled = profile_into if profile_into is not None and profile_into.exists() else None
    if sampled and args.keep_profile:
        shutil.copy(sampled, args.keep_profile)
    return ProjectRun(
        intake_s=intake_s,
        letters_s=letters_s,
        server=used_server,
        workers=used_workers,
        client=client,
        threads=split_threads(threads_0, threads_1, thread_names(sampled) if sampled else {}),
        shares=split_profile(sampled) if sampled else {},
        profiler=profiler,
        trace=trace,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=1200)
    parser.add_argument("--keep-profile", type=Path, help="copy py-spy's raw samples here")
    parser.add_argument(
        "--workers", type=int, default=1,
        help="worker processes of each (the floor's and the project's); the first is sampled",
    )  # fmt: skip
    parser.add_argument(
        "--no-floor", action="store_true", help="the project alone (a quick look at one change)"
    )
    parser.add_argument(
        "--cpu-every", type=float, default=0, metavar="SECONDS",
        help="print the cores the server, the workers and py-spy used, and the idle ones, every SECONDS "
        "of each project run",
    )  # fmt: skip
    parser.add_argument(
        "--no-profile", action="store_true",
        help="time the project only, without its profiled run (where its worker's CPU goes)",
    )  # fmt: skip
    parser.add_argument(
        "--floor-unsandboxed", action="store_true",
        help="the floor's workers without the workflow sandbox, as the project's run (SDK default: with)",
    )  # fmt: skip
    parser.add_argument(
        "--server-profile", action="store_true",
        help="sample the server with perf during the floor's first run and the project's, and print "
        "what it spent its CPU on (bench/server_profile.py)",
    )  # fmt: skip
    parser.add_argument(
        "--runs", type=int, default=1,
        help="the whole run this many times, one after the other: the ratios of each and their median",
    )  # fmt: skip
    args = parser.parse_args()
    if args.runs > 1:
        return repeated(args)
    n = args.count
    if args.server_profile and (why := available()):
        parser.error(f"--server-profile: {why}")
    with tempfile.TemporaryDirectory(prefix="eviction-explain-") as folder:
        tmp = Path(folder)
        from run_local import free_port

        metrics_port = free_port()
        env, server = start_bench_server(tmp, metrics_port)
        env["FLOOR_SANDBOX"] = "0" if args.floor_unsandboxed else "1"
        processes: list[subprocess.Popen[bytes]] = [server]
        operations = [store_operations(metrics_port)]
        try:
            # 1. The floor (again after the project: the mean of the two runs is the floor).
            floor_perf = tmp / "floor-server.perf" if args.server_profile else None
            floors = (
                []
                if args.no_floor
                else [run_floor(env, tmp, n, args.parallel, args.workers, server, "first", floor_perf)]
            )
            operations.append(store_operations(metrics_port))
            # 2. The project, timed, with no profiler on it (the floor has none either).
            batches = two_batches(n)
            timed = run_project(env, tmp, args, server, processes, batches[0])
            operations.append(store_operations(metrics_port))
            shares_per_case, first_task = asyncio.run(history_counts(env, 50))
            floor_first: dict[str, float] = {}
            if not args.no_floor:
                floors.append(run_floor(env, tmp, n, args.parallel, args.workers, server, "second"))
                operations.append(store_operations(metrics_port))
                floor_first = asyncio.run(history_counts(env, 50, "FloorCase"))[1]
            # 3. The project again, its first worker sampled by py-spy: where its CPU goes (this run
            # is not timed: the sampling takes a fifth of a core from a machine the letters fill).
            raw = tmp / "worker-profile.txt"
            profiled = (
                None if args.no_profile else run_project(env, tmp, args, server, processes, batches[1], raw)
            )
            failed = failed_tasks(tmp)
            # Read once every run is measured: perf's report takes seconds of CPU.
            server_parts = {
                who: split(call_chains(tmp / f"{who}-server.perf", temporal_binary()))
                for who in ("floor", "project")
                if (tmp / f"{who}-server.perf").exists()
            }
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
                    process.wait(timeout=30)

    nothing = {"intake_s": float("nan"), "all_activities_s": float("nan")}
    runs = floors or [(nothing, float("nan"), float("nan"), float("nan"), {})]
    # The floor is the mean of its runs before and after the project, which ran between them:
    # the run after was the slower in every pair measured (the server's store holds more by
    # then), so the faster alone, the rule before, set the project against an emptier server.
    floor = {key: statistics.fmean(run[0][key] for run in runs) for key in nothing}
    floor_server = statistics.fmean(run[1] for run in runs)
    floor_cpu = statistics.fmean(run[2] for run in runs)
    floor_client = statistics.fmean(run[3] for run in runs)
    fastest = min(runs, key=lambda run: run[0]["all_activities_s"])[0]
    intake_s, letters_s = timed.intake_s, timed.letters_s
    project_server, project_cpu, project_client = timed.server, timed.workers, timed.client
    # The profiled run's shares, applied to the timed run's CPU (its workers run the same code).
    shares = profiled.shares if profiled else {}
    project_threads = profiled.threads if profiled else timed.threads
    rendering = shares.get("rendering letters", float("nan")) * project_cpu
    print(f"N = {n} notices, --parallel {args.parallel}, {args.workers} worker process(es) each, "
          f"dev server on SQLite (WAL), {os.cpu_count()} cores, the floor's workflows "
          f"{'without' if args.floor_unsandboxed else 'in'} the SDK's sandbox, "
          f"{datetime.now(UTC):%Y-%m-%d}")  # fmt: skip
    print(
        "the floor, before and after the project (their mean is the floor): "
        + ", ".join(
            f"{n / f['intake_s']:.1f} notices/s and {f['all_activities_s']:.1f} s" for f, *_ in floors
        )
    )
    print()
    print(f"{'':44}{'floor':>10}{'project':>10}{'ratio':>8}")
    rate_floor, rate_project = n / floor["intake_s"], n / intake_s
    print(
        f"{'intake, notices/s':44}{rate_floor:>10.1f}{rate_project:>10.1f}{rate_project / rate_floor:>8.2f}"
    )
    print(f"{'all first activities / information letters, s':44}{floor['all_activities_s']:>10.1f}"
          f"{letters_s:>10.1f}{letters_s / floor['all_activities_s']:>8.2f}")  # fmt: skip
    for label, low, high in (
        ("server CPU, s", floor_server, project_server),
        ("worker CPU, s", floor_cpu, project_cpu),
        ("intake client CPU, s", floor_client, project_client),
    ):
        print(f"{label:44}{low:>10.1f}{high:>10.1f}{high / max(low, 0.01):>8.2f}")
    print(f"{'worker CPU per notice, ms':44}{1000 * floor_cpu / n:>10.1f}{1000 * project_cpu / n:>10.1f}")
    for key, value in first_task.items():  # the task whose completion answers the sender
        low = floor_first.get(key, float("nan"))
        print(f"{'first task ' + key + ', ms (median)':44}{low:>10.0f}{value:>10.0f}{value / low:>8.2f}")
    print(
        f"against the faster floor run alone: intake {fastest['intake_s'] / intake_s:.2f}, "
        f"letters {letters_s / fastest['all_activities_s']:.2f}"
    )
    print(f"{'cases whose workflow task failed (alerts to the supervisor)':60}{failed:>10}")
    print()
    print("the project's cases, per case (a sample of 50 histories):")
    for key, value in shares_per_case.items():
        print(f"  {key:42}{value:>10.1f}")
    print()
    print("the project's worker by part (py-spy samples of its busy threads: CPU, or waiting on the disk;")
    print("from a run of the project after the timed one, the shares applied to the timed run's CPU):")
    if profiled:
        spy, took = profiled.profiler, profiled.letters_s
        print(
            f"  (py-spy itself: {spy:.1f} s of CPU, {spy / took:.2f} of a core over that run's {took:.0f} s;"
        )
        print(f"  its letters took {took:.1f} s against the timed run's {letters_s:.1f})")
    for name, share in shares.items():
        print(f"  {name:42}{share:>9.0%}{1000 * share * project_cpu / n:>9.1f} ms/notice")
    print()
    print("the server, per notice (its Prometheus counters; a timer's task runs when the timer")
    print("runs out, whether or not what it guarded is done):")
    # The counters between the scrapes: the floor, the project, the floor again; with --no-floor
    # an empty first window and the project.
    windows = list(itertools.pairwise(operations))
    project_ops = windows[1]
    floor_ops = [windows[0], windows[2]] if len(windows) == 3 else []
    print(f"  {'':52}{'floor':>8}{'project':>9}")
    for key in sorted(project_ops[1]):
        if not key.startswith(PER_CASE):
            continue
        mine = (project_ops[1][key] - project_ops[0][key]) / n
        theirs = (
            statistics.fmean((after[key] - before[key]) / n for before, after in floor_ops)
            if floor_ops
            else float("nan")
        )
        if mine >= 0.05 or theirs >= 0.05:
            print(f"  {key:52}{theirs:>8.2f}{mine:>9.2f}")
    print()
    if server_parts:
        print_server_parts(server_parts, floor_server / n, project_server / n)
    print("the workers' CPU by thread, ms a notice (each first worker's threads from /proc, applied to")
    print("all its workers' CPU; the project's from its profiled run, where py-spy names its Python")
    print("threads; the floor's Python threads are not told apart):")
    floor_threads = {part: sum(run[4].get(part, 0.0) for run in runs) for part in THREAD_PARTS}
    print(f"  {'':52}{'floor':>8}{'project':>9}")
    for part in THREAD_PARTS:
        low, high = share_of(floor_threads, part) * floor_cpu, share_of(project_threads, part) * project_cpu
        if low or high:
            print(f"  {part:52}{1000 * low / n:>8.1f}{1000 * high / n:>9.1f}")
    print()
    for run, name in ((timed, "timed"), (profiled, "profiled")):
        if run and run.trace:
            print(
                f"the cores in use through the project's {name} run (intake ended at {run.intake_s:.0f} s):"
            )
            print(f"  {'s':>6}{'server':>9}{'workers':>9}{'py-spy':>9}{'idle':>9}")
            for moment, *used in run.trace:
                print(f"  {moment:>6.0f}" + "".join(f"{value:>9.2f}" for value in used))
            print()
    physical = floor["all_activities_s"] + rendering
    print(f"physical floor for the letters: floor {floor['all_activities_s']:.1f} s + rendering "
          f"{rendering:.1f} s (CPU) = {physical:.1f} s; measured {letters_s:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
