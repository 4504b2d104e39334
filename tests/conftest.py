"""Shared fixtures: real Temporal servers from the installed binaries, never a download."""

import base64
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from infra.settings import Settings, load_settings
from infra.temporal import data_converter, ensure_search_attributes
from tests.helpers import TEST_CASE_ID_KEY, TEST_PAYLOAD_KEY, TEST_SERVER, Cases, until_idle
from worker import activity_executor, build_worker

# Every worker the suite starts, in this process or as a subprocess, runs its cases in the SDK's
# sandbox, which fails a task whose workflow code reads the clock, chance, files or the network:
# production runs without it (issue 20; tests/test_determinism.py checks the source besides).
os.environ.setdefault("EVICTION_WORKFLOW_SANDBOX", "1")

# The suite explores the same histories on every run, so that CI and the README's command pass or
# fail alike on the same commit; `make truth` sets EVICTION_HYPOTHESIS_SEEDED=1 and explores new
# ones from a seed it prints (a history found there becomes a test of its own).
hypothesis_settings.register_profile("fixed", derandomize=True)
if not os.environ.get("EVICTION_HYPOTHESIS_SEEDED"):
    hypothesis_settings.load_profile("fixed")


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Settings:
    """The embedded default's settings in a fresh data directory; `@pytest.mark.policy(...)`
    sets the municipality's casework policy the worker gives new cases."""
    monkeypatch.setenv("EVICTION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EVICTION_CASE_ID_KEY", TEST_CASE_ID_KEY)
    monkeypatch.setenv("EVICTION_PAYLOAD_KEY", TEST_PAYLOAD_KEY)
    monkeypatch.setenv("EVICTION_TASK_QUEUE", f"cases-{uuid.uuid4().hex[:8]}")
    loaded = load_settings()
    marker = request.node.get_closest_marker("policy")
    if marker is not None:
        loaded = replace(loaded, policy_config={**loaded.policy_config, **marker.kwargs})
    return loaded


@pytest.fixture(scope="session")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    async for env in fresh_time_skipping_env():
        yield env


async def fresh_time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server of its own (a test that skips weeks uses one, unshared)."""
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=data_converter(base64.b64decode(TEST_PAYLOAD_KEY)),
        test_server_existing_path=str(TEST_SERVER),
    )
    await ensure_search_attributes(env.client, "default")
    # The server's clock starts at today's date, so each run meets the calendar (Christmas,
    # Easter, midsummer) at another point. EVICTION_TEST_CLOCK_SHIFT_DAYS moves the start, to
    # prove the suite holds wherever the holidays fall.
    shift = int(os.environ.get("EVICTION_TEST_CLOCK_SHIFT_DAYS", "0"))
    if shift:
        await env.sleep(timedelta(days=shift))
    yield env
    await env.shutdown()


@pytest.fixture
async def cases(time_skipping_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[Cases]:
    with activity_executor() as executor:
        worker: Worker = build_worker(time_skipping_env.client, settings, executor)
        async with worker:
            running = Cases(time_skipping_env, settings)
            yield running
            # Cases left open would block time skipping for later tests once their timers fire;
            # a case ended while its activity runs leaves the test server's time-skipping lock
            # taken, so each is ended only once it is idle.
            for case_id in running.started:
                await until_idle(time_skipping_env.client, case_id)
                try:
                    await time_skipping_env.client.get_workflow_handle(case_id).terminate("test over")
                except RPCError:
                    pass
