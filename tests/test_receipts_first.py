"""Receipts first (issue 20): a worker's letters wait while cases open in it, then all go.

The slot supplier on its own (the SDK asks it as core does, from the event loop and from other
threads), then a worker on the test server: letters of cases opened together are written only
once the openings stop, each once.
"""

import asyncio
import json
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest
from temporalio.common import WorkerDeploymentVersion
from temporalio.worker import SlotPermit, SlotReleaseContext

import infra.receipts_first as receipts_first
from infra.receipts_first import LetterSlots, Openings
from infra.settings import SettingsError, load_settings
from tests.factories import make_notice, unique_tenant
from tests.helpers import TEST_CASE_ID_KEY, TEST_PAYLOAD_KEY, Cases
from worker import ACTIVITY_THREADS

QUIET = timedelta(seconds=1)


@dataclass
class _Ask:
    slot_type: Literal["workflow", "activity", "local-activity"] = "activity"
    task_queue: str = "cases"
    worker_identity: str = "test"
    worker_build_id: str = ""
    worker_deployment_version: WorkerDeploymentVersion | None = None
    is_sticky: bool = False


async def _reserve(slots: LetterSlots) -> SlotPermit:
    return await slots.reserve_slot(_Ask())


async def test_no_slot_while_cases_open_and_one_as_soon_as_they_stop() -> None:
    openings = Openings()
    slots = LetterSlots(openings, 2, QUIET)
    openings.opened()
    asked = time.monotonic()
    waiting = asyncio.create_task(_reserve(slots))
    for _ in range(4):  # a case opens every 0.2 s for 0.8 s: no slot meanwhile
        await asyncio.sleep(0.2)
        assert not waiting.done()
        openings.opened()
    last = time.monotonic()
    await asyncio.wait_for(waiting, timeout=5)
    given = time.monotonic()
    assert given - last >= QUIET.total_seconds() - 0.05
    assert given - last < QUIET.total_seconds() + 1.0  # not held once quiet
    assert given - asked >= 0.8
    assert slots.try_reserve_slot(_Ask()) is not None
    assert slots.try_reserve_slot(_Ask()) is None  # both slots taken


async def test_a_held_request_is_given_its_slot_as_the_quiet_begins_not_a_look_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every moment a request waits past the quiet, the machine idles between a burst and its
    letters: it looks again when the quiet would begin, whatever its polling interval."""
    monkeypatch.setattr(receipts_first, "_LOOK_AGAIN", 30.0)  # only the quiet's start can wake it
    openings = Openings()
    slots = LetterSlots(openings, 1, timedelta(seconds=0.3))
    openings.opened()
    waiting = asyncio.create_task(_reserve(slots))
    await asyncio.wait_for(waiting, timeout=5)
    assert 0.29 <= openings.seconds_since() < 0.3 + 0.15


async def test_a_release_from_another_thread_wakes_a_waiting_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(receipts_first, "_LOOK_AGAIN", 30.0)  # only the release can wake it in time
    slots = LetterSlots(Openings(), 1, QUIET)
    first = await _reserve(slots)
    waiting = asyncio.create_task(_reserve(slots))
    await asyncio.sleep(0.1)
    assert not waiting.done()
    release = SlotReleaseContext(slot_info=None, permit=first)
    threading.Thread(target=slots.release_slot, args=(release,)).start()
    await asyncio.wait_for(waiting, timeout=5)  # long before the next look


async def test_a_request_held_too_long_goes_although_cases_keep_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(receipts_first, "LETTERS_HELD_AT_MOST", timedelta(seconds=0.6))
    openings = Openings()
    slots = LetterSlots(openings, 2, QUIET)
    openings.opened()
    waiting = asyncio.create_task(_reserve(slots))
    begun = time.monotonic()
    while not waiting.done() and time.monotonic() - begun < 5:
        openings.opened()
        assert slots.try_reserve_slot(_Ask()) is None
        await asyncio.sleep(0.05)
    assert waiting.done()
    assert 0.6 <= time.monotonic() - begun < 3


async def test_cases_opened_together_have_their_letters_after_the_openings(cases: Cases) -> None:
    """Twenty households' notices at once: every information letter is written, once, and
    beyond the few whose slots the worker's pollers held before the burst (a poller reserves
    its slot before it asks the server), none before the last of the cases was registered (the
    register entry is written by the look-up that marks an opening) and the wait had passed."""
    count = 20
    now = await cases.now()
    notices = [make_notice("rent_arrears", now, notice_id=f"RF-{n}", **unique_tenant()) for n in range(count)]
    receipts = await asyncio.gather(*(cases.submit(notice) for notice in notices))
    assert {receipt.status for receipt in receipts} == {"opened"}
    outbox: Path = cases.settings.outbox_dir
    deadline = time.monotonic() + 90
    letters: list[Path] = []
    while time.monotonic() < deadline:
        letters = sorted(outbox.glob("*/*-information_letter.json"))
        if len(letters) == count:
            break
        await asyncio.sleep(0.1)
    assert len({letter.parent.name for letter in letters}) == count
    assert all(len(list(letter.parent.glob("*-information_letter.pdf"))) == 1 for letter in letters)
    assert all(json.loads(letter.read_text())["kind"] == "information_letter" for letter in letters)
    register = cases.settings.case_register_dir
    last_opened = max((register / f"{letter.parent.name}.json").stat().st_mtime for letter in letters)
    wait = cases.settings.letters_wait_seconds
    assert wait > 0  # the workers' default: letters wait
    early = [letter for letter in letters if letter.stat().st_mtime < last_opened + wait * 0.9]
    assert len(early) <= ACTIVITY_THREADS < count


def _keys_in(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVICTION_DATA_DIR", str(data))
    monkeypatch.setenv("EVICTION_CASE_ID_KEY", TEST_CASE_ID_KEY)
    monkeypatch.setenv("EVICTION_PAYLOAD_KEY", TEST_PAYLOAD_KEY)


@pytest.mark.parametrize(("given", "seconds"), [("0,5", 0.5), ("0.25", 0.25), ("2", 2.0), ("0", 0.0)])
def test_the_letters_wait_is_read_in_seconds_whole_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, seconds: float
) -> None:
    _keys_in(tmp_path, monkeypatch)
    monkeypatch.setenv("EVICTION_LETTERS_WAIT_SECONDS", given)
    assert load_settings().letters_wait_seconds == seconds


@pytest.mark.parametrize("given", ["en", "-1", "nan", "inf", ""])
def test_a_letters_wait_that_is_no_number_of_seconds_is_named_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    _keys_in(tmp_path, monkeypatch)
    monkeypatch.setenv("EVICTION_LETTERS_WAIT_SECONDS", given)
    with pytest.raises(
        SettingsError, match=r"EVICTION_LETTERS_WAIT_SECONDS \(.*\) ska vara ett antal sekunder"
    ):
        load_settings()
