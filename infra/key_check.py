"""Every process that sends to the cases checks at start that it holds the keys the cases use.

A process with another payload key would start cases no worker can read (they never run, and
every later notice for that household waits); a worker with another key would fail every open
case while it looks healthy; another case id key would split tenants from their open cases.
The check reads one running case's first event: its input must decrypt with this process's key
ring, and it carries the check value of the case id key it was started with (a keyed hash of a
fixed text, which reveals nothing of the key). No case has run yet: the workers are compared
instead, for each worker names the check values of its keys in its identity, which the server
lists with the task queue's pollers (and the Web UI shows: they reveal nothing).
"""

import os
import socket
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import HistoryEventFilterType, TaskQueueType
from temporalio.api.taskqueue.v1 import PollerInfo, TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest, GetWorkflowExecutionHistoryRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from infra.codec import UnknownKey, check_value
from infra.settings import Settings

# A running case that has run (its phase is published by its first task): one started with a
# wrong key never runs, so it is no evidence of the cases' key and never blocks the right one.
RUNNING_CASE = 'WorkflowType = "HouseholdCase" AND ExecutionStatus = "Running" AND CasePhase IS NOT NULL'
_KEYS, _CASE_ID = "keys", "case-id-key"  # the identity's `name=value` parts
POLLED_WITHIN = timedelta(seconds=90)  # a worker polls at least once a minute


def worker_identity(settings: Settings) -> str:
    """The SDK's `pid@host`, followed by the check values of this worker's keys."""
    ring = ",".join(f"{key_id}:{check_value(key)}" for key_id, key in settings.key_ring().items())
    return (
        f"{os.getpid()}@{socket.gethostname()} {_KEYS}={ring} {_CASE_ID}={check_value(settings.case_id_key)}"
    )


def _identity_keys(identity: str) -> tuple[dict[str, str], str] | None:
    """A worker's key ring (id: check value, current first) and case id key check, if it names them."""
    parts = dict(part.split("=", 1) for part in identity.split() if "=" in part)
    if _KEYS not in parts or _CASE_ID not in parts:
        return None  # a worker from before the check: its first case task tells
    ring = dict(item.split(":", 1) for item in parts[_KEYS].split(",") if ":" in item)
    return ring, parts[_CASE_ID]


def case_queue(settings: Settings) -> DescribeTaskQueueRequest:
    """The request that lists the workers polling the cases' workflow task queue."""
    return DescribeTaskQueueRequest(
        namespace=settings.temporal_namespace,
        task_queue=TaskQueue(name=settings.task_queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )


def _polling(pollers: Iterable[PollerInfo]) -> list[PollerInfo]:
    """The workers that polled in the last minute and a half (the server lists a stopped
    worker for minutes after)."""
    now = datetime.now(UTC)
    return [p for p in pollers if abs(now - p.last_access_time.ToDatetime(UTC)) < POLLED_WITHIN]


def polling_identities(pollers: Iterable[PollerInfo]) -> list[str]:
    return [poller.identity for poller in _polling(pollers)]


def other_keys_listed_until(pollers: Iterable[PollerInfo], settings: Settings) -> datetime | None:
    """Until when the server lists the polling workers with other keys than this process's: a
    stopped worker stays listed for POLLED_WITHIN after its last poll, a running one for ever."""
    conflicting = [
        p.last_access_time.ToDatetime(UTC)
        for p in _polling(pollers)
        if worker_key_problem([p.identity], settings) is not None
    ]
    return max(conflicting) + POLLED_WITHIN if conflicting else None


async def queue_pollers(client: Client, settings: Settings) -> list[PollerInfo]:
    """The workers the server lists for the case queue (fresh or not)."""
    return list((await client.workflow_service.describe_task_queue(case_queue(settings))).pollers)


def worker_key_problem(identities: list[str], settings: Settings) -> str | None:
    """What differs between this process's keys and those of the workers polling, or None:
    the workers must read what this process writes, and this process what the workers write."""
    mine = {key_id: check_value(key) for key_id, key in settings.key_ring().items()}
    current = settings.payload_key_id
    for identity in identities:
        found = _identity_keys(identity)
        if found is None:
            continue
        ring, case_id_check = found
        if case_id_check != check_value(settings.case_id_key):
            return "the case id key is not the one the workers use (EVICTION_CASE_ID_KEY)"
        if ring.get(current) != mine[current]:
            return (
                f"the payload key is not the one the workers use (their key ring has no {current} like "
                "this one; EVICTION_PAYLOAD_KEY / EVICTION_PAYLOAD_KEYS)"
            )
        theirs = next(iter(ring.items()), None)
        if theirs is not None and mine.get(theirs[0]) != theirs[1]:
            return (
                f"the payload key ring lacks the key the workers write with ({theirs[0]}), so it is not "
                "the one the workers use (EVICTION_PAYLOAD_KEYS)"
            )
    return None


async def key_problem(client: Client, settings: Settings) -> str | None:
    """What is wrong with this process's keys, or None when they are the cases' keys."""
    found = None
    try:
        async for execution in client.list_workflows(RUNNING_CASE, limit=1):
            found = execution
    except RPCError as error:
        if error.status is not RPCStatusCode.INVALID_ARGUMENT:
            raise
        return None  # the case attributes are not registered yet: no case has run here
    if found is None:
        return None
    history = await client.workflow_service.get_workflow_execution_history(
        GetWorkflowExecutionHistoryRequest(
            namespace=client.namespace,
            execution=WorkflowExecution(workflow_id=found.id, run_id=found.run_id),
            maximum_page_size=1,
            history_event_filter_type=HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT,
        )
    )
    started = history.history.events[0].workflow_execution_started_event_attributes
    payloads = list(started.input.payloads)
    codec = client.data_converter.payload_codec
    assert codec is not None
    try:
        decoded = await codec.decode(payloads)
    except UnknownKey as error:
        return f"the payload key ring does not hold the key the cases use ({error})"
    except InvalidTag:
        return "the payload key is not the one the cases use (EVICTION_PAYLOAD_KEY / EVICTION_PAYLOAD_KEYS)"
    [start] = client.data_converter.payload_converter.from_payloads(decoded, [dict])
    held = start.get("case_id_key_check") if isinstance(start, dict) else None
    if held is not None and held != check_value(settings.case_id_key):
        return "the case id key is not the one the cases use (EVICTION_CASE_ID_KEY)"
    return None
