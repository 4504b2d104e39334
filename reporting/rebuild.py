"""Rebuilding the reporting store from the cases: every case the server still holds (open, and
closed within its retention) is read once and its facts written anew.

Intake's submissions (duplicates, rejections) are in no case: they stay. A reopened case holds
only its current period in detail, so its earlier periods' rows come back only as far as its
notices, letters and contacts (which it keeps whole).
"""

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.service import RPCError

from domain.case_facts import case_facts
from infra.case_client import case_state
from reporting.store import clear_cases, publish_shown

LISTED = 'WorkflowType = "HouseholdCase" AND ExecutionStatus != "ContinuedAsNew"'


async def rebuild_store(
    client: Client, engine: Engine, named_landlords: list[str], districts: list[str]
) -> tuple[int, int]:
    """(cases written, cases that could not be read)."""
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
        await asyncio.to_thread(publish_shown, engine, facts, named_landlords, districts)
        written += 1

    await asyncio.gather(*(one(case_id) for case_id in case_ids))
    return written, failed
