"""A year of one case on the time-skipping server (issue 20, point 3): how many history events a
case gathers in a simulated year, with no officer action and with a phone call recorded every
week, and whether it continues as new (at 10,000 events, or when the server suggests it).
Prints the figures; asserts nothing.

    python bench/case_year.py
"""

import asyncio
import base64
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from temporalio.testing import WorkflowEnvironment  # noqa: E402

from domain.actions import ContactReport  # noqa: E402
from domain.records.contact import ContactMethod, ContactOutcome  # noqa: E402
from infra.case_client import case_handle  # noqa: E402
from infra.settings import load_settings  # noqa: E402
from infra.temporal import data_converter, ensure_search_attributes  # noqa: E402
from tests.factories import make_notice, unique_tenant  # noqa: E402
from tests.helpers import TEST_PAYLOAD_KEY, TEST_SERVER, Cases  # noqa: E402
from worker import activity_executor, build_worker  # noqa: E402
from workflows.household_case import HouseholdCase  # noqa: E402


async def a_year(env: WorkflowEnvironment, cases: Cases, weekly_call: bool) -> tuple[int, int]:
    now = await cases.now()
    notice = make_notice("rent_arrears", now, notice_id=f"YEAR-{weekly_call}", **unique_tenant())
    receipt = await cases.submit(notice)
    await asyncio.sleep(2)
    handle = case_handle(cases.client, receipt.case_id)
    for _ in range(52):
        if weekly_call:
            call = ContactReport(
                method=ContactMethod.PHONE, outcome=ContactOutcome.REACHED, recorded_by="vas-c-01"
            )
            await handle.execute_update(HouseholdCase.record_contact, call)
        await env.sleep(timedelta(days=7))
    await asyncio.sleep(2)
    runs, events, run_id = 0, 0, None
    while True:  # the latest run back to the first (the test server lists no workflows)
        history = await cases.client.get_workflow_handle(receipt.case_id, run_id=run_id).fetch_history()
        runs, events = runs + 1, events + len(history.events)
        run_id = history.events[0].workflow_execution_started_event_attributes.continued_execution_run_id
        if not run_id:
            break
    await handle.terminate("bench over")
    return events, runs


async def main() -> int:
    with tempfile.TemporaryDirectory(prefix="eviction-year-") as folder:
        import os

        os.environ.setdefault("EVICTION_DATA_DIR", folder)
        os.environ.setdefault("EVICTION_CASE_ID_KEY", base64.b64encode(b"c" * 32).decode())
        os.environ.setdefault("EVICTION_PAYLOAD_KEY", TEST_PAYLOAD_KEY)
        settings = load_settings()
        env = await WorkflowEnvironment.start_time_skipping(
            data_converter=data_converter(base64.b64decode(TEST_PAYLOAD_KEY)),
            test_server_existing_path=str(TEST_SERVER),
        )
        await ensure_search_attributes(env.client, "default")
        try:
            with activity_executor() as executor:
                async with build_worker(env.client, settings, executor):
                    cases = Cases(env, settings)
                    quiet = await a_year(env, cases, weekly_call=False)
                    busy = await a_year(env, cases, weekly_call=True)
        finally:
            await env.shutdown()
    print("A year of one rent-arrears case, time-skipping server")
    print(f"  no officer action:          {quiet[0]} history events, {quiet[1]} run(s)")
    print(f"  a phone call every week:    {busy[0]} history events, {busy[1]} run(s)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
