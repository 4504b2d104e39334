"""Runs the case workflow and its activities against the server at TEMPORAL_ADDRESS.

It registers the search attributes it needs when they are missing, so the same worker runs
against the dev server and a cluster.
"""

import asyncio
import compileall
import logging
import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from temporalio.api.workflowservice.v1 import GetSystemInfoRequest
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.worker import (
    FixedSizeSlotSupplier,
    PollerBehaviorSimpleMaximum,
    UnsandboxedWorkflowRunner,
    Worker,
    WorkerDeploymentConfig,
    WorkerTuner,
    WorkflowRunner,
)
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.calendar_file import visit_event
from activities.case_activities import CaseActivities, LetterRenderer
from activities.letter_pdf import render_pdf
from activities.registers import FileClientIndex, FilePopulationRegister
from activities.reporting import ReportingActivities
from domain.deadlines import STOCKHOLM
from infra.agenda_schedule import ensure_agenda_schedule
from infra.health import serve_health
from infra.key_check import (
    POLLED_WITHIN,
    key_problem,
    other_keys_listed_until,
    polling_identities,
    queue_pollers,
    worker_identity,
    worker_key_problem,
)
from infra.logging import configure_logging
from infra.process import private_files, run_and_exit
from infra.receipts_first import LetterSlots, Openings, OpeningWatch
from infra.settings import Settings, SettingsError, load_settings
from infra.task_failures import FailingCaseAlerts
from infra.temporal import connect_when_up, ensure_search_attributes, keep_token_fresh, metrics_runtime
from infra.versioning import deployment_config, promote_if_due
from reporting.agenda import write_agenda
from workflows.agenda import CaseMeetingAgenda
from workflows.household_case import HouseholdCase

log = logging.getLogger("worker")

# Letters, alerts and reminders at once (issue 20): a few threads keep a core busy rendering
# and writing; more only queue for the interpreter's lock ahead of the workflow tasks that
# answer new notices (with 32, intake ran at 0.40 of the floor's rate; README, Benchmark).
ACTIVITY_THREADS = 8
# Local activities (a case's look-ups, alerts, reminders and publications: short writes) share
# the activity executor: threads of their own, beyond the letters', so none waits behind a PDF.
LOCAL_THREADS = 8
WORKFLOW_TASKS = 64
# The threads cases' workflow tasks run on. The SDK's default is a thread for every task at once
# (up to 500 with a tuner): workflow code is pure Python, so they only take turns at the
# interpreter's lock, each turn a switch. Two: one runs while the other hands its result back to
# the SDK (issue 20: intake 31 against 24 notices/s, letters 56 against 64 s, the mean of four
# runs each, alternating). A task's wait for a thread counts against the SDK's deadlock limit
# (2 s); a case's task takes milliseconds, so 64 of them at once wait well under it (the
# benchmarks count the tasks that failed: none).
WORKFLOW_THREADS = 2
WORKFLOW_POLLERS = 16
NEW_CASE_POLLER_SHARE = 0.25
# Pure, deterministic modules the workflow uses: loaded once, outside the sandbox. `holidays`
# loads its country data lazily (through dateutil, which reads the clock at import).
PASSTHROUGH_MODULES = ("domain", "holidays", "dateutil", "six", "personnummer")


def activity_executor() -> ThreadPoolExecutor:
    """The threads activities run on: the letters' and the local activities' (see above)."""
    return ThreadPoolExecutor(max_workers=ACTIVITY_THREADS + LOCAL_THREADS)


def workflow_runner(sandboxed: bool) -> WorkflowRunner:
    """The sandbox checks on every task that workflow code calls nothing non-deterministic and
    imports each case's workflow module anew: the workers' CPU a notice about doubled (issue 20).
    Production runs without it; the test suite and the replay tests run with it."""
    if not sandboxed:
        return UnsandboxedWorkflowRunner()
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH_MODULES)
    )


def task_slots(letters_wait: timedelta, openings: Openings) -> WorkerTuner:
    """How many tasks of each kind the worker runs at once. With a wait for letters, the
    activities (letters above all) start only once no case has opened in this worker for that
    long (`infra.receipts_first`): a burst of notices is answered first (the sender's receipt
    waits for the case's first workflow task) and the letters follow it (issue 20). Zero: they
    never wait."""
    activities: LetterSlots | FixedSizeSlotSupplier = (
        LetterSlots(openings, ACTIVITY_THREADS, letters_wait)
        if letters_wait
        else FixedSizeSlotSupplier(ACTIVITY_THREADS)
    )
    return WorkerTuner.create_composite(
        workflow_supplier=FixedSizeSlotSupplier(WORKFLOW_TASKS),
        activity_supplier=activities,
        local_activity_supplier=FixedSizeSlotSupplier(LOCAL_THREADS),
        nexus_supplier=FixedSizeSlotSupplier(1),  # no Nexus operations here
    )


def build_activities(settings: Settings, render_letter: LetterRenderer = render_pdf) -> CaseActivities:
    """The case's activities with this worker's folders, registers and renderers."""
    return CaseActivities(
        outbox_dir=settings.outbox_dir,
        alerts_dir=settings.alerts_dir,
        reminders_dir=settings.reminders_dir,
        case_register_dir=settings.case_register_dir,
        calendar_dir=settings.calendar_dir,
        routing=settings.routing,
        # The closed sets search attributes may show, fixed in each case as it opens.
        policy=settings.policy.model_copy(
            update={
                "named_landlords": list(settings.named_landlords),
                "districts": sorted(settings.routing.districts),
            }
        ),
        population_register=FilePopulationRegister(settings.population_register),
        client_index=FileClientIndex(settings.known_clients),
        render_letter=render_letter,
        render_visit=visit_event,
        case_number_format=settings.case_number_format,
        letters=settings.letters,
    )


def build_reporting(settings: Settings) -> ReportingActivities:
    """The reporting store's activities (issue 10): publishing facts, writing the agenda."""
    return ReportingActivities(
        url=settings.reporting_url,
        named_landlords=list(settings.named_landlords),
        districts=sorted(settings.routing.districts),
        outbox_dir=settings.outbox_dir,
        notice_id_key=settings.case_id_key,
        write=write_agenda,
        agenda=settings.agenda,
    )


def build_worker(
    client: Client,
    settings: Settings,
    executor: ThreadPoolExecutor,
    activities: CaseActivities | None = None,
    reporting: ReportingActivities | None = None,
    deployment: WorkerDeploymentConfig | None = None,
) -> Worker:
    activities = activities or build_activities(settings)
    reporting = reporting or build_reporting(settings)
    openings = Openings()
    return Worker(
        client,
        task_queue=settings.task_queue,
        # The check values of its keys, for the command line and other workers to compare.
        identity=worker_identity(settings),
        workflows=[HouseholdCase, CaseMeetingAgenda],
        workflow_runner=workflow_runner(settings.workflow_sandbox),
        activities=[*activities.all(), *reporting.all()],
        # Activities write files and render PDFs: blocking work, so they run on threads.
        activity_executor=executor,
        workflow_task_executor=ThreadPoolExecutor(WORKFLOW_THREADS, thread_name_prefix="case_tasks_"),
        # More pollers than the default bring first letters out sooner under a burst of notices;
        # a quarter of them (the SDK's default a fifth: one of eight) ask for new cases' first
        # tasks, which answer the senders (intake 0.50 -> 0.55 and 0.46 -> 0.54 of the floor in
        # two pairs of runs, issue 20); the rest the cached cases' own.
        workflow_task_poller_behavior=PollerBehaviorSimpleMaximum(WORKFLOW_POLLERS),
        nonsticky_to_sticky_poll_ratio=NEW_CASE_POLLER_SHARE,
        activity_task_poller_behavior=PollerBehaviorSimpleMaximum(8),
        tuner=task_slots(timedelta(seconds=settings.letters_wait_seconds), openings),
        interceptors=[OpeningWatch(openings)],
        # Cases kept in memory between their tasks (EVICTION_CACHED_CASES); 0 turns off sticky
        # queues, so another worker takes a stopped one's cases at once (the catch-up test).
        max_cached_workflows=settings.cached_cases,
        # On SIGTERM, let letters being written finish rather than cancel them halfway.
        graceful_shutdown_timeout=timedelta(seconds=20),
        # Worker Versioning (infra/versioning.py); None: an unversioned worker (tests' servers).
        deployment_config=deployment,
    )


def precompile_workflow_modules() -> None:
    """The sandbox, where it is on, imports the workflow module anew for every case it loads
    (the modules it passes through, `domain` among them, are imported once). Where bytecode is
    not written (PYTHONDONTWRITEBYTECODE), that means compiling it from source every time;
    compiling once here lets every later import read the .pyc instead. Without the sandbox each
    module is imported once: nothing to gain."""
    compileall.compile_dir(Path(__file__).resolve().parent / "workflows", quiet=2)


# How long the worker waits to ask again when the server did not answer its promotion.
PROMOTION_RETRY = timedelta(seconds=5)


async def promote_when_it_answers(
    client: Client, settings: Settings, deployment: WorkerDeploymentConfig
) -> None:
    """Makes this worker's version current where that is due (`promote_if_due`), asking again
    while the server does not answer: a server restarted under load once timed the request out,
    and the worker stopped with a traceback while cases waited. It polls meanwhile."""
    while True:
        try:
            promoted = await promote_if_due(client, settings, worker_identity(settings))
        except RPCError as error:
            log.warning(
                "worker version not made current yet, asking again", extra={"status": error.status.name}
            )
            await asyncio.sleep(PROMOTION_RETRY.total_seconds())
            continue
        log.info(
            "worker version",
            extra={"build_id": deployment.version.build_id, "made_current": promoted is not None},
        )
        return


async def main() -> None:
    configure_logging()
    private_files()
    try:
        settings = load_settings(make_keys=True).check()
        deployment = deployment_config(settings)
    except SettingsError as error:
        print(f"worker refuses to start: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    if settings.workflow_sandbox:
        precompile_workflow_modules()
    private_files(settings.data_dir)
    # A case whose workflow task fails cannot tell anyone itself: the worker tells the supervisor.
    logging.getLogger("temporalio").addHandler(FailingCaseAlerts(settings.alerts_dir))
    client = await connect_when_up(
        settings, runtime=metrics_runtime(os.environ.get("EVICTION_METRICS_ADDRESS"))
    )
    problem = await key_problem(client, settings)
    pollers = await queue_pollers(client, settings)  # asked once, for both answers below
    if problem is None and (problem := worker_key_problem(polling_identities(pollers), settings)):
        until = other_keys_listed_until(pollers, settings)
        if until is not None:  # a worker stopped a moment ago (a key rotation) is still listed
            problem += (
                f". If that worker has been stopped, the server lists it until "
                f"{until.astimezone(STOCKHOLM):%H:%M:%S} ({POLLED_WITHIN.seconds} s after its last "
                "poll): start this worker again after that"
            )
    if problem is not None:  # it would fail every open case while it looked healthy
        log.error("worker refuses to start", extra={"reason": problem})
        print(f"worker refuses to start: {problem}", file=sys.stderr)
        raise SystemExit(2)
    await ensure_search_attributes(client, settings.temporal_namespace)
    await ensure_agenda_schedule(client, settings.agenda, settings.task_queue)
    executor = activity_executor()
    worker = build_worker(client, settings, executor, deployment=deployment)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info(
        "worker started",
        extra={"task_queue": settings.task_queue, "address": settings.temporal_address},
    )
    health = None
    if port := os.environ.get("EVICTION_HEALTH_PORT"):  # the orchestrator's probe (docker-compose.yml)

        async def server_answers() -> bool:
            await client.workflow_service.get_system_info(
                GetSystemInfoRequest(), timeout=timedelta(seconds=3)
            )
            return True

        health = await serve_health(
            os.environ.get("EVICTION_HEALTH_HOST", "127.0.0.1"), int(port), server_answers
        )
    refresh = asyncio.create_task(keep_token_fresh(client))
    async with worker:
        promotion = asyncio.create_task(promote_when_it_answers(client, settings, deployment))
        await stop.wait()
        promotion.cancel()
    refresh.cancel()
    if health is not None:
        await health.cleanup()
    log.info("worker stopped")


if __name__ == "__main__":
    run_and_exit(lambda: asyncio.run(main()))
