"""Running cases must survive new code: replay recorded histories, and keep them encrypted.

`tests/histories/` holds histories recorded from earlier versions of the workflow (payloads
encrypted with the test key). A change that would break a running case fails here; guard it
with `workflow.patched`. Record a new one with RECORD_HISTORY=1.
"""

import base64
import os
from datetime import timedelta
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from bench.notice_factory import make_notice
from domain.case import Phase
from domain.messages import PostponementGranted
from infra.case_client import case_handle
from infra.temporal import data_converter
from tests.conftest import TEST_PAYLOAD_KEY, Cases
from tests.test_workflow_rent_arrears import wait_for
from worker import workflow_runner
from workflows.household_case import HouseholdCase

HISTORIES = Path(__file__).parent / "histories"


def replayer() -> Replayer:
    return Replayer(
        workflows=[HouseholdCase],
        data_converter=data_converter(base64.b64decode(TEST_PAYLOAD_KEY)),
        workflow_runner=workflow_runner(),
    )


async def test_a_fresh_history_replays_and_holds_no_personal_data_in_clear(cases: Cases) -> None:
    now = await cases.now()
    landlord = make_notice("rent_arrears", now, notice_id="REPLAY-RA", serial=301, children=[2014])
    kfm = make_notice(
        "eviction", now, notice_id="REPLAY-KFM", serial=301, scheduled_at=now + timedelta(days=10)
    )
    receipt = await cases.submit(landlord)
    await cases.submit(kfm)
    await wait_for(cases, receipt.case_id, lambda s: s.phase is Phase.PREASSESSMENT and len(s.letters) == 3)
    handle = case_handle(cases.client, receipt.case_id)
    await handle.execute_update(
        HouseholdCase.record_postponement,
        PostponementGranted(new_scheduled_at=now + timedelta(days=20)),
    )
    await cases.env.sleep(timedelta(days=25))
    await wait_for(
        cases,
        receipt.case_id,
        lambda s: any(r.topic == "eviction_outcome_needed" for r in s.reminders),
    )

    history = await handle.fetch_history()
    raw = history.to_json()
    for personal in ("Testperson", "Provgatan", landlord["tenant"]["personnummer"]):
        assert personal not in raw
    await replayer().replay_workflow(history)
    if os.environ.get("RECORD_HISTORY"):
        (HISTORIES / "household_case_v1.json").write_text(raw)


async def test_recorded_histories_replay_with_the_current_code() -> None:
    files = sorted(HISTORIES.glob("*.json"))
    assert files, "no recorded histories"
    for path in files:
        history = WorkflowHistory.from_json(path.stem, path.read_text())
        await replayer().replay_workflow(history)
