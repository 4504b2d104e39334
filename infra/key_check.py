"""Every process that sends to the cases checks at start that it holds the keys the cases use.

A process with another payload key would start cases no worker can read (they never run, and
every later notice for that household waits); a worker with another key would fail every open
case while it looks healthy; another case id key would split tenants from their open cases.
The check reads one running case's first event: its input must decrypt with this process's key
ring, and it carries the check value of the case id key it was started with (a keyed hash of a
fixed text, which reveals nothing of the key). No running case yet: nothing to compare with.
"""

from cryptography.exceptions import InvalidTag
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import HistoryEventFilterType
from temporalio.api.workflowservice.v1 import GetWorkflowExecutionHistoryRequest
from temporalio.client import Client

from infra.codec import UnknownKey, check_value
from infra.settings import Settings

RUNNING_CASE = 'WorkflowType = "HouseholdCase" AND ExecutionStatus = "Running"'


async def key_problem(client: Client, settings: Settings) -> str | None:
    """What is wrong with this process's keys, or None when they are the cases' keys."""
    found = None
    async for execution in client.list_workflows(RUNNING_CASE, limit=1):
        found = execution
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
