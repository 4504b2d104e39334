"""Workers down for a night, a week: when one is back, every deadline that passed while none ran
fires once, in order, and nothing fires twice (issue 21: the runbook's catch-up, shown).

The time-skipping server normally stops its clock while a workflow task waits for a worker (it
assumes a worker is always there). To let time pass with none, the test gives the server one
unlock more than it holds (`unlock_time_skipping`) while the worker is stopped, and takes it back
(`lock_time_skipping`) before the worker returns, so the server's count of locks is whole again
when the waiting task completes."""

import asyncio
import os
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest
from temporalio.api.testservice.v1 import (
    LockTimeSkippingRequest,
    UnlockTimeSkippingRequest,
)
from temporalio.testing import WorkflowEnvironment

from domain.correspondence import AlertUnit, LetterKind, ReminderTopic
from domain.deadlines import STOCKHOLM, DeadlineName, DeadlineStatus
from domain.event_words import event_in_swedish
from domain.phase import Phase
from infra.settings import Settings
from tests.conftest import fresh_time_skipping_env
from tests.factories import make_notice, unique_tenant
from tests.helpers import Cases, until_idle, wait_for
from tests.test_replay import HISTORIES, replayer
from worker import activity_executor, build_worker


async def let_time_pass_with_no_worker(env: WorkflowEnvironment, span: timedelta) -> None:
    """Moves the clock by `span` from now while the case's first fired timer waits for a worker."""
    service = env.client.test_service
    start = await env.get_current_time()
    await service.unlock_time_skipping(UnlockTimeSkippingRequest())  # the client's own lock
    # The clock jumps to the case's next timer and then crawls at the wall's pace: the timer's
    # workflow task waits for a worker and holds a lock of its own.
    for _ in range(200):
        if await env.get_current_time() - start > timedelta(minutes=1):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("no timer fired")
    # The sleep gives up the waiting task's lock for its span and takes a lock back at its end,
    # on the server, before anything later (the case's execution timeout) can fire.
    await env.sleep(start + span - await env.get_current_time())
    # The client's lock again: the task gives its own back when it completes.
    await service.lock_time_skipping(LockTimeSkippingRequest())


@pytest.fixture(scope="module")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of its own: the clock runs five weeks with no worker, and another module's cases
    would fire their timers across that span unattended."""
    async for env in fresh_time_skipping_env():
        yield env


async def test_deadlines_passed_while_no_worker_ran_fire_once_when_one_is_back(
    time_skipping_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = time_skipping_env
    cases = Cases(env, settings)
    with activity_executor() as executor:
        # No sticky queue: a real server moves a stopped worker's task to the shared queue after
        # five seconds, the test server never does, and the clock here does not run by the wall.
        async with build_worker(env.client, replace(settings, cached_cases=0), executor):
            now = await cases.now()
            today = now.astimezone(STOCKHOLM).date()
            notice = make_notice("rent_arrears", now, notice_id="NIGHT-1", served_on=today, **unique_tenant())
            receipt = await cases.submit(notice)
            case_id = receipt.case_id
            before = await wait_for(
                cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT and bool(s.letters), timeout=60
            )
            await until_idle(env.client, case_id)
    assert not any(r.topic != ReminderTopic.PHONE_TENANT for r in before.reminders)
    assert not before.alerted(AlertUnit.SUPERVISOR)
    limit_due = before.deadlines[DeadlineName.PREASSESSMENT_LIMIT].due_on
    period_end = before.deadlines[DeadlineName.RECOVERY_PERIOD].due_on
    assert limit_due is not None and period_end is not None

    # No worker for five weeks: the recovery period, the preassessment's reminder and its limit
    # all pass with nobody to act on them.
    stopped_at = await cases.now()
    await let_time_pass_with_no_worker(env, timedelta(days=35))
    back_at = await cases.now()
    assert back_at - stopped_at >= timedelta(days=35)
    assert limit_due < back_at.astimezone(STOCKHOLM).date()

    with activity_executor() as executor:
        async with build_worker(env.client, settings, executor):
            state = await wait_for(
                cases,
                case_id,
                lambda s: (
                    s.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is not DeadlineStatus.PENDING
                    and s.alerted(AlertUnit.SUPERVISOR)
                ),
                timeout=60,
            )
            # A further week with the worker running: what fired on its return does not fire again.
            await env.sleep(timedelta(days=7))
            after = await wait_for(cases, case_id, lambda s: True)
            await until_idle(env.client, case_id)
            await env.client.get_workflow_handle(case_id).terminate("test over")
    # The catch-up's history replays (its patch, `catch-up-v1`, is in it: since issue 20 as one of
    # `all-case-patches-v1`), holds no personnummer in clear, and is kept as recorded history v5
    # when asked (RECORD_HISTORY=v5).
    history = await env.client.get_workflow_handle(case_id).fetch_history()
    await replayer().replay_workflow(history)
    raw = history.to_json()
    patches = [
        payload.data
        for event in history.events
        if event.marker_recorded_event_attributes.marker_name == "core_patch"
        for payload in event.marker_recorded_event_attributes.details["patch-data"].payloads
    ]
    assert any(b"all-case-patches-v1" in data for data in patches)
    assert notice["tenant"]["personnummer"] not in raw
    if os.environ.get("RECORD_HISTORY") == "v5":
        (HISTORIES / "household_case_v5.json").write_text(raw)

    for name in (DeadlineName.RECOVERY_PERIOD, DeadlineName.PREASSESSMENT_LIMIT):
        assert state.deadlines[name].status is DeadlineStatus.MISSED, name
    topics = Counter(r.topic for r in after.reminders)
    # What the officer reads on the worker's return is true then: the period has ended (not
    # "ends soon", twice), and the preassessment's limit passed (not "has run 14 days").
    assert topics[ReminderTopic.RECOVERY_PERIOD_ENDED] == 1, topics
    assert topics[ReminderTopic.RECOVERY_PERIOD_ENDS_SOON] == 0, topics
    assert topics[ReminderTopic.PREASSESSMENT_GUIDELINE] == 0, topics
    ended = next(r for r in after.reminders if r.topic == ReminderTopic.RECOVERY_PERIOD_ENDED)
    assert f"löpte ut {period_end.isoformat()}" in ended.text
    supervisor = [a for a in after.alerts if a.unit is AlertUnit.SUPERVISOR]
    assert len(supervisor) == 1 and supervisor[0].reason.startswith("preassessment")
    # The reminder left unsent is in the case's history, in Swedish.
    unsent = [e for e in after.events if "inte skickad i efterhand" in event_in_swedish(e.what)]
    assert len(unsent) == 3 and all(e.at >= back_at for e in unsent), after.events
    # Letters: one of each, nothing sent twice by the catch-up.
    kinds = Counter(letter.kind for letter in after.letters)
    assert kinds[LetterKind.INFORMATION_LETTER] == 1
    assert all(count == 1 for count in kinds.values()), kinds
