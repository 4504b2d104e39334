"""What tests share besides fixtures: the test keys, a running worker's handle, moving the
time-skipping clock, waiting for a case, and the tenant's consent as an officer records it."""

import asyncio
import base64
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain.actions import ConsentGiven, NoticeReceipt
from domain.case import CaseState
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.deadlines import local_date
from domain.notices import Notice
from domain.timers import TimerAction
from infra.case_client import case_id_of, case_state, submit_notice
from infra.settings import Settings

BIN = Path(sys.executable).parent
TEST_SERVER = BIN / "temporal-test-server"
DEV_SERVER = BIN / "temporal"
TEST_CASE_ID_KEY = base64.b64encode(b"c" * 32).decode()
TEST_PAYLOAD_KEY = base64.b64encode(b"p" * 32).decode()


@dataclass
class Cases:
    """A running worker and what a test needs to talk to it like the CLI does."""

    env: WorkflowEnvironment
    settings: Settings
    started: set[str] = field(default_factory=set)

    @property
    def client(self) -> Client:
        return self.env.client

    async def submit(self, raw: dict[str, Any]) -> NoticeReceipt:
        notice = Notice.model_validate(raw)
        receipt = await submit_notice(
            self.client, self.settings.task_queue, self.settings.case_id_key, notice
        )
        self.started.add(receipt.case_id)
        return receipt

    def case_id(self, raw: dict[str, Any]) -> str:
        return case_id_of(Notice.model_validate(raw), self.settings.case_id_key)

    async def state(self, case_id: str) -> CaseState:
        return await case_state(self.client, case_id)

    async def now(self) -> datetime:
        return await self.env.get_current_time()


# What opens and closes a workflow task or an activity, by the history's event types.
_OPENS = {EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED}
_CLOSES = {
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
}
_ENDS = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
}


async def until_idle(client: Client, case_id: str, seconds: float = 10.0) -> None:
    """Waits until the case has no workflow task and no activity open, by its history: the
    test server's description shows neither a workflow task in flight nor the local activities
    that run inside one, and a case ended mid-task leaves its clock locked."""
    handle = client.get_workflow_handle(case_id)
    idle = 0
    for _ in range(int(seconds / 0.1)):
        try:
            history = await handle.fetch_history()
        except RPCError:
            return
        types = [event.event_type for event in history.events]
        if types and types[-1] in _ENDS:
            return
        open_ = sum(kind in _OPENS for kind in types) - sum(kind in _CLOSES for kind in types)
        idle = 0 if open_ > 0 else idle + 1
        if idle == 3:  # quiet for a while, not between an activity and the task it wakes
            return
        await asyncio.sleep(0.1)


async def skip_to(cases: Cases, moment: datetime) -> None:
    """Moves the shared test clock to `moment` (never back)."""
    ahead = moment - await cases.now()
    if ahead > timedelta(0):
        await cases.env.sleep(ahead)


async def skip_past(
    cases: Cases, case_id: str, action: TimerAction, margin: timedelta = timedelta(hours=1)
) -> None:
    """Moves the clock just past the case's next timer of `action`, wherever the working-day
    calendar put it; a fixed number of days would fail when a holiday falls in between."""
    state = await cases.state(case_id)
    due = [t.at for t in state.timers if t.action is action and not t.done]
    assert due, f"the case has no pending {action} timer"
    await skip_to(cases, min(due) + margin)


async def wait_for(cases: Cases, case_id: str, check, timeout: float = 20.0) -> CaseState:  # type: ignore[no-untyped-def]
    """Polls the case's query until `check(state)` holds (activities run in real time)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        try:
            state = await cases.state(case_id)
            if check(state):
                return state
        except Exception:
            if loop.time() > end:
                raise
        if loop.time() > end:
            raise AssertionError(f"case never reached the expected state: {state.model_dump_json(indent=1)}")
        await asyncio.sleep(0.2)


def consent(
    to: ConsentRecipient, *purposes: ConsentPurpose, on: datetime, admin: str | None = None
) -> ConsentGiven:
    """The tenant's written consent, given on the day of `on`, as officer vas-c-01 records it."""
    return ConsentGiven(
        recipient=to,
        administration=admin,
        purposes=list(purposes),
        given_on=local_date(on),
        form=ConsentForm.WRITTEN,
        recorded_by="vas-c-01",
    )


def payloads_in(message: Message) -> Iterator[Payload]:
    """Every payload a message holds, however deep (a history event read raw, without a codec):
    what the tests of the codec and of key rotation read the metadata of."""
    if isinstance(message, Payload):
        yield message
        return
    for field_, value in message.ListFields():
        if field_.message_type is None:
            continue  # a scalar
        if isinstance(value, Message):
            yield from payloads_in(value)
            continue
        for item in value.values() if hasattr(value, "values") else value:  # a map, or repeated
            if isinstance(item, Message):
                yield from payloads_in(item)
