"""Client-side operations on cases: submit a notice, read a case. Used by the CLI and tests."""

from temporalio.api.enums.v1 import WorkflowExecutionStatus
from temporalio.client import Client, WithStartWorkflowOperation, WorkflowHandle, WorkflowQueryFailedError
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.service import RPCError, RPCStatusCode

from domain.actions import NoticeReceipt
from domain.case import CaseState
from domain.case_summary import STATIC_SUMMARY
from domain.identity import case_id_for
from domain.notices import Notice
from infra.codec import check_value
from workflows.case_input import CaseInput
from workflows.household_case import HouseholdCase


def case_id_of(notice: Notice, case_id_key: bytes) -> str:
    return case_id_for(notice.tenant.personnummer, case_id_key)


async def submit_notice(
    client: Client, task_queue: str, case_id_key: bytes, notice: Notice, case_id: str | None = None
) -> NoticeReceipt:
    """Opens the household's case or joins the open one, in one call (update-with-start).

    The case answers whether the notice opened it, joined it, or was already taken in, so a
    re-run file changes nothing. `case_id` is the notice's, when the caller computed it already.
    """
    case_id = case_id or case_id_of(notice, case_id_key)
    start = WithStartWorkflowOperation(
        HouseholdCase.run,
        CaseInput(case_id=case_id, case_id_key_check=check_value(case_id_key)),
        id=case_id,
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        static_summary=STATIC_SUMMARY,
    )
    return await client.execute_update_with_start_workflow(
        HouseholdCase.receive_notice, notice, start_workflow_operation=start
    )


def case_handle(client: Client, case_id: str) -> WorkflowHandle[HouseholdCase, CaseState]:
    return client.get_workflow_handle_for(HouseholdCase.run, case_id)


async def case_state(client: Client, case_id: str) -> CaseState:
    return await case_handle(client, case_id).query(HouseholdCase.state_query)


# What the worker's failure names when a payload cannot be decrypted with its key ring.
UNREADABLE_FAILURES = {"InvalidTag", "UnknownKey"}
UNREADABLE_REASON = (
    "Ärendets start kunde inte läsas: den skrevs med en annan krypteringsnyckel än arbetarnas. "
    "Inget hade körts; ärendet avslutades så att underrättelsen kan tas emot på nytt. "
    "(unreadable start: written with another payload key; nothing had run)"
)


async def end_unreadable_start(client: Client, case_id: str) -> bool:
    """Ends the case's run if the workers cannot read its start and it never ran (a process
    with another key started it): it did nothing, so ending it loses nothing, and it would
    otherwise hold every later notice for the household. True when it was ended."""
    handle = client.get_workflow_handle(case_id)
    described = (await handle.describe()).raw_description
    pending = described.pending_workflow_task
    if described.workflow_execution_info.status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING:
        return False
    if not described.HasField("pending_workflow_task") or pending.attempt < 2:
        return False
    run_id = described.workflow_execution_info.execution.run_id
    run = client.get_workflow_handle(case_id, run_id=run_id)
    failed = False
    async for event in run.fetch_history_events():
        if event.HasField("workflow_task_completed_event_attributes"):
            return False  # it ran: not ours to end, whatever fails now
        if event.HasField("workflow_task_failed_event_attributes"):
            failure = event.workflow_task_failed_event_attributes.failure
            failed = failed or failure.application_failure_info.type in UNREADABLE_FAILURES
    if failed:
        await run.terminate(reason=UNREADABLE_REASON)
    return failed


async def holds_notice(client: Client, case_id: str, notice_id: str) -> bool | None:
    """Whether the household's case has taken this notice in: False when there is no such case
    (or its run never received a notice), None when the case cannot answer now."""
    try:
        state = await case_state(client, case_id)
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            return False
        return None
    except WorkflowQueryFailedError:
        return None
    return any(notice.notice_id == notice_id for notice in state.notices)
