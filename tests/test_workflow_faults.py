"""A fault in the program (a letter that cannot be rendered) is not retried forever: it fails
once, visibly, and the case goes on keeping its deadlines."""

from concurrent.futures import ThreadPoolExecutor

from temporalio.testing import WorkflowEnvironment

from activities.letter_texts import LetterText
from domain.correspondence import AlertUnit, LetterKind
from domain.deadlines import DeadlineName, DeadlineStatus
from domain.phase import Phase
from domain.requests import LetterRequest
from infra.settings import Settings
from tests.factories import make_notice
from tests.helpers import Cases, wait_for
from worker import ACTIVITY_THREADS, build_activities, build_worker


def broken_renderer(request: LetterRequest, text: LetterText) -> bytes:
    raise KeyError("a template field that does not exist")


async def test_a_letter_that_cannot_be_rendered_fails_once_and_the_supervisor_hears_of_it(
    time_skipping_env: WorkflowEnvironment, settings: Settings
) -> None:
    activities = build_activities(settings, render_letter=broken_renderer)
    with ThreadPoolExecutor(max_workers=ACTIVITY_THREADS) as executor:
        async with build_worker(time_skipping_env.client, settings, executor, activities):
            cases = Cases(time_skipping_env, settings)
            now = await cases.now()
            receipt = await cases.submit(make_notice("rent_arrears", now, notice_id="FAULT-1", serial=611))
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
            await time_skipping_env.client.get_workflow_handle(receipt.case_id).terminate("test over")
