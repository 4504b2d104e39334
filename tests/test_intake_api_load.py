"""Load and faults on the senders' API (issue 22): 1,000 notices from four senders at once over
HTTP, the worker killed and restarted midway. Every request is answered (a receipt, or 503 with
Retry-After that the sender honours and sends again, as the spec says); in the end one case
per tenant, one information letter each, nothing lost or doubled. The throughput against
`cases intake` is the benchmark's (bench/api_benchmark.py), not this test's."""

import asyncio
import json
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api_server import ApiSender, RunningApi, add_sender, running_api
from tests.devserver import Operator, running_dev_server, wait_for_worker
from tests.factories import load_notices

pytestmark = pytest.mark.devserver
NOTICES = int(os.environ.get("EVICTION_API_LOAD_NOTICES", "1000"))
SENDERS = 4
IN_FLIGHT_PER_SENDER = 8


async def send_until_answered(
    client: httpx.AsyncClient, sender: ApiSender, notice: dict[str, Any], seen: Counter[int]
) -> dict[str, Any]:
    """As the spec tells a sender: the same Idempotency-Key again after a 503 or 429's
    Retry-After, or after a connection that broke; any other answer is final."""
    headers = {**sender.auth, "Idempotency-Key": f"key-{notice['notice_id']}"}
    while True:
        try:
            answer = await client.post("/v1/notices", json=notice, headers=headers)
        except httpx.TransportError:
            seen[0] += 1
            await asyncio.sleep(1)
            continue
        seen[answer.status_code] += 1
        if answer.status_code in (503, 429):
            assert "retry-after" in answer.headers
            await asyncio.sleep(int(answer.headers["retry-after"]))
            continue
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Operator]:
    with running_dev_server(tmp_path_factory.mktemp("api-load")) as running:
        yield running


def test_a_thousand_notices_from_four_senders_with_the_worker_killed_midway(
    operator: Operator, tmp_path: Path
) -> None:
    senders = [add_sender(operator, f"Hyresvärd {n} AB", "landlord") for n in range(SENDERS)]
    notices = load_notices(NOTICES, "a")
    shares = [notices[n::SENDERS] for n in range(SENDERS)]
    seen: Counter[int] = Counter()
    answered = 0

    async def one_sender(
        api: RunningApi, sender: ApiSender, share: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        nonlocal answered
        gate = asyncio.Semaphore(IN_FLIGHT_PER_SENDER)
        async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:

            async def one(notice: dict[str, Any]) -> dict[str, Any]:
                nonlocal answered
                async with gate:
                    receipt = await send_until_answered(client, sender, notice, seen)
                    answered += 1
                    return receipt

            return await asyncio.gather(*(one(notice) for notice in share))

    async def kill_midway() -> None:
        while answered < NOTICES // 3:
            await asyncio.sleep(0.2)
        assert operator.worker is not None
        operator.worker.send_signal(signal.SIGKILL)
        operator.worker.wait()
        await asyncio.sleep(3)
        operator.start_worker(operator.env, tmp_path / "worker-again.log")
        await asyncio.to_thread(wait_for_worker, operator.env)

    async def run(api: RunningApi) -> list[list[dict[str, Any]]]:
        killer = asyncio.create_task(kill_midway())
        results = await asyncio.gather(
            *(one_sender(api, s, share) for s, share in zip(senders, shares, strict=True))
        )
        await killer
        return results

    with running_api(operator, tmp_path / "api.log") as api:
        results = asyncio.run(run(api))
    receipts = [receipt for share in results for receipt in share]
    assert len(receipts) == NOTICES
    assert sorted(r["notice_id"] for r in receipts) == sorted(n["notice_id"] for n in notices)
    statuses = Counter(r["status"] for r in receipts)
    assert set(statuses) <= {"opened", "duplicate"}, statuses  # a duplicate: a 503'd send got in
    assert seen[503] > 0, seen  # the kill was felt, and answered with 503 + Retry-After

    # One case per tenant, one information letter each, nothing lost or doubled.
    outbox = operator.data_dir / "outbox"
    end = time.monotonic() + 300
    while True:
        letters = Counter(
            path.parent.name for path in outbox.glob("*/*-information_letter.json") if path.is_file()
        )
        if len(letters) >= NOTICES or time.monotonic() > end:
            break
        time.sleep(2)
    assert len(letters) == NOTICES and set(letters.values()) == {1}, (len(letters), Counter(letters.values()))
    numbers = [r["case_number"] for r in receipts if r["case_number"]]
    assert len(numbers) == len(set(numbers))
    for path in outbox.glob("*/*-information_letter.json"):
        assert json.loads(path.read_text())["kind"] == "information_letter"
