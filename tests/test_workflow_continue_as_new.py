"""A case that runs long continues as new, carrying everything: no notice, letter or deadline
is lost, and nothing is sent again."""

from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import WithStartWorkflowOperation
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.testing import WorkflowEnvironment

from domain.correspondence import AlertUnit, LetterKind
from domain.deadlines import DeadlineName, DeadlineStatus
from domain.notices import Notice
from domain.phase import Phase
from infra.settings import Settings
from tests.conftest import fresh_time_skipping_env
from tests.factories import Tenants, make_notice
from tests.helpers import Cases, wait_for
from worker import activity_executor, build_worker
from workflows.case_input import CaseInput
from workflows.household_case import HouseholdCase

tenant = Tenants()  # unique households by name (tests/factories.py)


async def current_run_id(cases: Cases, case_id: str) -> str:
    """The running run's id, read raw: the time-skipping server's datetime search attributes
    do not decode in `describe()`."""
    response = await cases.client.workflow_service.describe_workflow_execution(
        DescribeWorkflowExecutionRequest(
            namespace=cases.client.namespace, execution=WorkflowExecution(workflow_id=case_id)
        )
    )
    return response.workflow_execution_info.execution.run_id


@pytest.fixture
async def own_env() -> AsyncIterator[WorkflowEnvironment]:
    """Its own time-skipping server: weeks of skipped time, unaffected by the other tests'."""
    async for env in fresh_time_skipping_env():
        yield env


@pytest.fixture
async def own_cases(own_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[Cases]:
    with activity_executor() as executor:
        async with build_worker(own_env.client, settings, executor):
            yield Cases(own_env, settings)


async def test_a_long_case_continues_as_new_without_losing_or_repeating_anything(own_cases: Cases) -> None:
    cases = own_cases
    now = await cases.now()
    raw = make_notice("rent_arrears", now, notice_id="CAN-1", **tenant(501), children=[now.year - 9])
    case_id = cases.case_id(raw)
    cases.started.add(case_id)
    start = WithStartWorkflowOperation(
        HouseholdCase.run,
        CaseInput(case_id=case_id, history_event_limit=30),  # a small limit to force the handover
        id=case_id,
        task_queue=cases.settings.task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )
    receipt = await cases.client.execute_update_with_start_workflow(
        HouseholdCase.receive_notice, Notice.model_validate(raw), start_workflow_operation=start
    )
    assert receipt.status == "opened"
    await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    first_run = await current_run_id(cases, case_id)

    # A day at a time: each step's timers fire with their activities (letters, reminders, the
    # reporting store's publications) inside one request to the time-skipping server.
    for _ in range(35):
        await cases.env.sleep(timedelta(days=1))
    state = await wait_for(
        cases,
        case_id,
        lambda s: s.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is DeadlineStatus.MISSED,
    )
    assert await current_run_id(cases, case_id) != first_run, "the case did not continue as new"
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MISSED
    # The report of concern, the joint home visit the ladder booked, the four-week escalation:
    # each once, across the runs.
    assert [(a.unit, a.reason.split(" ")[0]) for a in state.alerts] == [
        (AlertUnit.CHILDREN_UNIT, "children"),
        (AlertUnit.CHILDREN_UNIT, "joint"),
        (AlertUnit.SUPERVISOR, "preassessment"),
    ]
    assert len(state.letters_of(LetterKind.INFORMATION_LETTER)) == 1
    assert len(state.letters_of(LetterKind.HOME_VISIT_NOTICE)) == 1
    sent = Counter(reminder.topic for reminder in state.reminders)
    # Each reminder once; "ends soon" goes out a week and two working days before the end,
    # which can fall on the same day.
    assert sent["recovery_period_ended"] == sent["preassessment_guideline"] == 1
    assert sent["recovery_period_ends_soon"] in (1, 2)
    assert len({reminder.reminder_id for reminder in state.reminders}) == len(state.reminders)

    again = await cases.submit(raw)
    assert again.status == "duplicate"
    letters = list((cases.settings.outbox_dir / case_id).glob("*.pdf"))
    assert len(letters) == 2
