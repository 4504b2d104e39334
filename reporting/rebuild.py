"""Rebuilding the reporting store from the cases: every case the server still holds (open, and
closed within its retention) is read once and its facts written anew.

Intake's submissions (duplicates, rejections) are in no case: they stay, and come back from
intake's journal when the store was lost. A case carries its earlier periods (since issue 19), so
a reopened case's first period comes back with it; one reopened before keeps only its current.
"""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.service import RPCError

from domain.case_facts import case_facts
from infra.case_client import case_state
from reporting.store import clear_cases, publish_shown
from reporting.submissions import load_journal

LISTED = 'WorkflowType = "HouseholdCase" AND ExecutionStatus != "ContinuedAsNew"'


async def rebuild_store(
    client: Client,
    engine: Engine,
    named_landlords: list[str],
    districts: list[str],
    case_id_key: bytes,
    data_dir: Path,
) -> tuple[int, int]:
    """(cases written, cases that could not be read). Intake's submissions come back from its
    journal (reporting/submissions.py); every period a case carries comes back with it."""
    case_ids = sorted({execution.id async for execution in client.list_workflows(LISTED)})
    clear_cases(engine)
    gate = asyncio.Semaphore(16)
    written = failed = 0

    async def one(case_id: str) -> None:
        nonlocal written, failed
        async with gate:
            try:
                state = await case_state(client, case_id)
            except RPCError:
                failed += 1
                return
        now = datetime.now(UTC)
        facts = case_facts(state, now).model_copy(update={"as_of": now})
        await asyncio.to_thread(publish_shown, engine, facts, named_landlords, districts, case_id_key)
        written += 1

    await asyncio.gather(*(one(case_id) for case_id in case_ids))
    await asyncio.to_thread(load_journal, engine, data_dir)
    return written, failed
