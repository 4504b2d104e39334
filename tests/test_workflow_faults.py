"""A fault in the program (a letter that cannot be rendered) is not retried forever: it fails
once, visibly, and the case goes on keeping its deadlines."""

import asyncio
import sqlite3
import uuid
from datetime import timedelta
from pathlib import Path

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from activities.letter_texts import LetterText
from activities.reporting import ReportingActivities
from domain.correspondence import AlertUnit, LetterKind
from domain.deadlines import DeadlineName, DeadlineStatus
from domain.phase import Phase
from domain.requests import LetterRequest
from infra.settings import Settings
from tests.factories import Tenants, make_notice
from tests.helpers import Cases, until_idle, wait_for
from worker import activity_executor, build_activities, build_worker

tenant = Tenants()  # unique households by name (tests/factories.py)


def broken_renderer(request: LetterRequest, text: LetterText) -> bytes:
    raise KeyError("a template field that does not exist")


async def test_a_letter_that_cannot_be_rendered_fails_once_and_the_supervisor_hears_of_it(
    time_skipping_env: WorkflowEnvironment, settings: Settings
) -> None:
    activities = build_activities(settings, render_letter=broken_renderer)
    with activity_executor() as executor:
        async with build_worker(time_skipping_env.client, settings, executor, activities):
            cases = Cases(time_skipping_env, settings)
            now = await cases.now()
            receipt = await cases.submit(make_notice("rent_arrears", now, notice_id="FAULT-1", **tenant(611)))
            state = await wait_for(
                cases,
                receipt.case_id,
                lambda s: s.phase is Phase.PREASSESSMENT and s.alerted(AlertUnit.SUPERVISOR),
            )
            assert state.letters_of(LetterKind.INFORMATION_LETTER) == []
            assert [a.reason for a in state.alerts if a.unit is AlertUnit.SUPERVISOR] == [
                "letter L001 failed: a fault in the program"
            ]
            assert any("could not be written (KeyError)" in event.what for event in state.events)
            assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING
            await until_idle(time_skipping_env.client, receipt.case_id)
            await time_skipping_env.client.get_workflow_handle(receipt.case_id).terminate("test over")


async def test_facts_published_while_the_store_is_down_arrive_when_it_is_back(
    time_skipping_env: WorkflowEnvironment, settings: Settings, tmp_path: Path
) -> None:
    """The reporting store cannot be opened (its folder is a file): the letters go all the same,
    the publication retries, and once the store can be opened the case's facts are in it."""
    blocker = tmp_path / "store"
    blocker.write_text("a file where the store's folder should be")
    database = blocker / "reporting.db"
    reporting = ReportingActivities(
        url=f"sqlite:///{database}",
        named_landlords=[],
        outbox_dir=settings.outbox_dir,
        notice_id_key=settings.case_id_key,
    )
    with activity_executor() as executor:
        async with build_worker(time_skipping_env.client, settings, executor, reporting=reporting):
            cases = Cases(time_skipping_env, settings)
            now = await cases.now()
            receipt = await cases.submit(make_notice("rent_arrears", now, notice_id="DOWN-1", **tenant(612)))
            case_id = receipt.case_id
            state = await wait_for(
                cases, case_id, lambda s: bool(s.letters_of(LetterKind.INFORMATION_LETTER))
            )
            assert state.phase is Phase.PREASSESSMENT  # nothing waited for the store
            # The publication tried once within the case's task, failed, and now waits as an
            # activity, retried: the case's tasks are not held while the store is down.
            pending = None
            for _ in range(100):
                described = await cases.client.workflow_service.describe_workflow_execution(
                    DescribeWorkflowExecutionRequest(
                        namespace=cases.client.namespace, execution=WorkflowExecution(workflow_id=case_id)
                    )
                )
                pending = next(
                    (a for a in described.pending_activities if a.activity_type.name == "publish_case_facts"),
                    None,
                )
                if pending is not None:
                    break
                await asyncio.sleep(0.1)
            assert pending is not None and pending.attempt >= 1 and not database.exists()
            blocker.unlink()  # the store is back
            loop = asyncio.get_running_loop()
            end = loop.time() + 60
            found = None
            while found is None:
                assert loop.time() < end, "the facts never reached the store"
                await asyncio.sleep(0.5)
                if not database.exists():
                    continue
                with sqlite3.connect(database) as db:
                    try:
                        found = db.execute(
                            "SELECT case_number FROM cases WHERE case_id = ?", (case_id,)
                        ).fetchone()
                    except sqlite3.OperationalError:  # the store is being made: no table yet
                        continue
            assert found == (state.case_number,)
            await until_idle(cases.client, case_id)
            await cases.client.get_workflow_handle(case_id).terminate("test over")


async def test_a_run_whose_first_notice_never_arrives_ends_by_itself(cases: Cases) -> None:
    """The server started the run of an update-with-start but lost its notice (it died between
    the two): the run waits ten minutes for it, then ends with nothing done, so it holds nothing."""
    from workflows.case_input import CaseInput
    from workflows.household_case import FIRST_NOTICE_WAIT, HouseholdCase

    case_id = f"household-lost-notice-{uuid.uuid4().hex[:8]}"
    handle = await cases.client.start_workflow(
        HouseholdCase.run, CaseInput(case_id=case_id), id=case_id, task_queue=cases.settings.task_queue
    )
    try:
        await cases.env.sleep(FIRST_NOTICE_WAIT - timedelta(minutes=1))
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING  # still waiting
        await cases.env.sleep(timedelta(minutes=2))
        state = await asyncio.wait_for(handle.result(), timeout=30)
        assert state.notices == [] and state.letters == [] and state.alerts == []
        assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
    finally:
        if (await handle.describe()).status == WorkflowExecutionStatus.RUNNING:
            await handle.terminate("test over")


async def test_a_letter_no_font_can_print_is_held_and_the_officer_writes_it_by_hand(cases: Cases) -> None:
    """Not a blank where the name is: the information letter is held, the officer reminded and
    given a task; the case goes on keeping its deadlines."""
    from domain.case_view import open_tasks
    from domain.correspondence import HeldReason, ReminderTopic

    now = await cases.now()
    raw = make_notice("rent_arrears", now, notice_id="GLYPH-1", **tenant("glyph"))
    raw["tenant"]["name"] = "Anna \ue000 Berg"  # a private-use character: no face covers it
    receipt = await cases.submit(raw)
    try:
        state = await wait_for(
            cases,
            receipt.case_id,
            lambda s: any(r.topic == ReminderTopic.LETTER_UNPRINTABLE for r in s.reminders),
        )
        [letter] = state.letters_of(LetterKind.INFORMATION_LETTER)
        assert (letter.held, letter.file) == (HeldReason.UNPRINTABLE, "")
        tasks = [task.sv for task in open_tasks(state, now)]
        by_hand = "skriv brevet (informationsbrev till hyresgästen) för hand"
        assert any(t.startswith(by_hand) for t in tasks), tasks
        assert not state.alerted(AlertUnit.SUPERVISOR)  # not a fault in the program
        assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING
    finally:
        await until_idle(cases.client, receipt.case_id)
        await cases.client.get_workflow_handle(receipt.case_id).terminate("test over")
