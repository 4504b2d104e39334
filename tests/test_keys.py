"""Keys that cannot lock a household out (issue 11, points 1 and 2): a process with other keys
refuses before it sends anything; a missing key is an error away from the embedded default; a
key ring is read current key first (the codec's rotation itself: tests/test_codec.py)."""

import asyncio
import base64
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

import pytest
from temporalio.client import Client

from domain.notices import Notice
from infra.case_client import case_id_of
from infra.settings import Settings, SettingsError, load_settings
from infra.temporal import data_converter
from tests.devserver import Operator, running_dev_server
from tests.factories import make_notice
from tests.helpers import TEST_CASE_ID_KEY, TEST_PAYLOAD_KEY, payloads_in
from workflows.case_input import CaseInput
from workflows.household_case import HouseholdCase

ROOT = Path(__file__).resolve().parent.parent
OTHER_KEY = base64.b64encode(b"o" * 32).decode()


def test_away_from_the_embedded_default_a_missing_key_is_an_error_not_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVICTION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TEMPORAL_ADDRESS", "temporal.kommun.example:7233")
    monkeypatch.delenv("EVICTION_PAYLOAD_KEY", raising=False)
    monkeypatch.delenv("EVICTION_PAYLOAD_KEYS", raising=False)
    monkeypatch.delenv("EVICTION_CASE_ID_KEY", raising=False)
    with pytest.raises(SettingsError, match="secret store"):
        load_settings()
    assert not (tmp_path / "data" / "keys").exists()
    # The command line says it in a sentence.
    env = {**os.environ, "EVICTION_LANG": "en"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "starter.py"), "show", "household-x"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not set and there is no key file" in " ".join(done.stderr.split())


def test_a_key_ring_is_read_from_the_environment_current_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EVICTION_DATA_DIR", str(tmp_path))  # no key is made in the project
    monkeypatch.setenv("EVICTION_CASE_ID_KEY", TEST_CASE_ID_KEY)
    monkeypatch.setenv("EVICTION_PAYLOAD_KEYS", f"k2:{OTHER_KEY},k1:{TEST_PAYLOAD_KEY}")
    settings = load_settings()
    assert settings.payload_key_id == "k2" and list(settings.key_ring()) == ["k2", "k1"]
    monkeypatch.setenv("EVICTION_PAYLOAD_KEYS", "k2:not-base64")
    with pytest.raises(SettingsError, match="not base64"):
        load_settings()


def _worker_with_another_key(env: dict[str, str]) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, str(ROOT / "worker.py")],
        env={**env, "EVICTION_PAYLOAD_KEY": OTHER_KEY},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.devserver
def test_a_process_with_other_keys_refuses_before_sending_anything(tmp_path: Path) -> None:
    with running_dev_server(tmp_path) as operator:
        notice = tmp_path / "another.json"
        notice.write_text(json.dumps(make_notice("disturbance", _now(), notice_id="KEY-1", serial=801)))

        def refused(workers_or_cases: str) -> None:
            for variable in ("EVICTION_PAYLOAD_KEY", "EVICTION_CASE_ID_KEY"):
                wrong = Operator({**operator.env, variable: OTHER_KEY}, operator.data_dir)
                done = wrong.run("intake", str(notice), "--json")
                assert done.returncode == 3, (variable, done.stdout, done.stderr)
                said = " ".join(done.stderr.split())
                assert f"not the one the {workers_or_cases} use" in said and "Traceback" not in said
                assert variable in said
                assert json.loads(done.stdout)["status"] == "error"

        refused("workers")  # no case yet: the workers' keys, named in their identities, are compared
        # A worker with other keys, with no case yet, is told how long a stopped worker stays listed.
        early = _worker_with_another_key(operator.env)
        said = " ".join(early.stderr.split())
        assert early.returncode == 2 and "worker refuses to start" in said
        assert "the server lists it until" in said and "start this worker again after" in said
        code, receipts = operator.intake(*operator.samples()[:1])
        assert code == 0 and receipts[0]["status"] == "opened"
        refused("cases")  # a case that ran: its start must decrypt and carry the same check value
        # Nothing was started: the right keys take the notice in as new.
        code, [receipt] = operator.intake(notice)
        assert receipt["status"] == "opened"
        # A second worker with another payload key refuses to start instead of failing every case.
        worker = _worker_with_another_key(operator.env)
        assert worker.returncode == 2
        assert "worker refuses to start" in worker.stderr and "payload key" in worker.stderr


@pytest.mark.devserver
def test_a_case_started_with_another_key_is_ended_visibly_and_its_notice_not_left_waiting(
    tmp_path: Path,
) -> None:
    """A run an older process started with the wrong key never runs: the next notice for the
    household finds it within seconds, ends it with its reason (nothing had run) and opens the
    case anew; the receipt says so. Ran cases and the key checks are not disturbed by it."""
    raw = make_notice("rent_arrears", _now(), notice_id="KEY-STUCK-1", serial=802)
    notice = tmp_path / "stuck.json"
    notice.write_text(json.dumps(raw))
    with running_dev_server(tmp_path) as operator:
        with patch.dict(os.environ, operator.env, clear=True):
            settings = load_settings()
        case_id = case_id_of(Notice.model_validate(raw), settings.case_id_key)
        run_id = asyncio.run(_start_with_another_key(settings, case_id))
        started = time.monotonic()
        code, [receipt] = operator.intake(notice)
        assert time.monotonic() - started < 40, "the notice waited for the full answer time"
        assert code == 0 and receipt["status"] == "opened" and receipt["case_id"] == case_id, receipt
        assert "started with another payload key" in receipt["note"]
        status, reason = asyncio.run(_ended(settings, case_id, run_id))
        assert status == "TERMINATED" and "unreadable start" in reason
        view = operator.show_when(case_id, lambda v: v["letters"])
        assert view["notices"] == ["KEY-STUCK-1"] and view["phase"] == "preassessment"
        code, [receipt] = operator.intake(notice)  # once, and once only
        assert code == 0 and receipt["status"] == "duplicate" and "note" not in receipt


async def _start_with_another_key(settings: Settings, case_id: str) -> str:
    """What an older command line with a key of its own did: start the case, unchecked."""
    client = await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(base64.b64decode(OTHER_KEY)),
    )
    handle = await client.start_workflow(
        HouseholdCase.run, CaseInput(case_id=case_id), id=case_id, task_queue=settings.task_queue
    )
    for _ in range(100):  # the worker tries it, fails, and the server tries again
        described = (await handle.describe()).raw_description
        if described.pending_workflow_task.attempt >= 2:
            break
        await asyncio.sleep(0.2)
    assert handle.result_run_id is not None
    return handle.result_run_id


async def _ended(settings: Settings, case_id: str, run_id: str) -> tuple[str, str]:
    client = await Client.connect(settings.temporal_address, namespace=settings.temporal_namespace)
    handle = client.get_workflow_handle(case_id, run_id=run_id)
    described = await handle.describe()
    assert described.status is not None
    reason = ""
    async for event in handle.fetch_history_events():
        if event.HasField("workflow_execution_terminated_event_attributes"):
            reason = event.workflow_execution_terminated_event_attributes.reason
    return described.status.name, reason


def _now() -> datetime:
    return datetime.now(UTC)


NEW_KEY = base64.b64encode(b"n" * 32).decode()


@pytest.mark.devserver
def test_a_case_spans_a_key_rotation_and_reads_on_with_both_keys(tmp_path: Path) -> None:
    """The README's rotation: k2 added behind k1 everywhere (`k1:OLD,k2:NEW`), then made current
    (`k2:NEW,k1:OLD`) on the workers and the command line. A case opened under k1 goes on under
    k2 (its history holds both), a new case is k2 only, and a command line that did not get k2
    is refused before it sends."""
    old_ring = {"EVICTION_PAYLOAD_KEYS": f"k1:{TEST_PAYLOAD_KEY},k2:{NEW_KEY}", "EVICTION_PAYLOAD_KEY": ""}
    with running_dev_server(tmp_path, old_ring) as operator:
        [family] = [path for path in operator.samples() if path.name == "rent-arrears-family.json"]
        code, [receipt] = operator.intake(family)
        assert code == 0 and receipt["status"] == "opened"
        old_case = receipt["case_id"]
        operator.show_when(old_case, lambda v: v["letters"])

        operator.stop_worker()
        rotated_env = {**operator.env, "EVICTION_PAYLOAD_KEYS": f"k2:{NEW_KEY},k1:{TEST_PAYLOAD_KEY}"}
        operator.start_worker(rotated_env, tmp_path / "worker-rotated.log")
        rotated = Operator(rotated_env, operator.data_dir)
        done = rotated.run(
            "contact", old_case, "--method", "phone", "--outcome", "reached", "--by", "vas-c-01"
        )
        assert done.returncode == 0, done.stderr
        view = rotated.show_when(old_case, lambda v: len(v["contacts"]) == 2)
        assert [c["method"] for c in view["contacts"]] == ["letter", "phone"]
        notice = tmp_path / "after.json"
        notice.write_text(json.dumps(make_notice("disturbance", _now(), notice_id="KEY-ROT-1", serial=803)))
        code, [receipt] = rotated.intake(notice)
        assert code == 0 and receipt["status"] == "opened"
        new_case = receipt["case_id"]
        rotated.show_when(new_case, lambda v: v["letters"])

        key_ids = asyncio.run(_key_ids(operator.env["TEMPORAL_ADDRESS"], [old_case, new_case]))
        assert key_ids[old_case] == {"k1", "k2"} and key_ids[new_case] == {"k2"}, key_ids
        # A command line that never got k2 cannot read what the workers now write: refused.
        without_k2 = {**operator.env, "EVICTION_PAYLOAD_KEYS": f"k1:{TEST_PAYLOAD_KEY}"}
        done = Operator(without_k2, operator.data_dir).run("intake", str(notice), "--json")
        said = " ".join(done.stderr.split())
        assert (
            done.returncode == 3 and "k2" in said and "nothing was sent" in said and "Traceback" not in said
        )


async def _key_ids(address: str, case_ids: list[str]) -> dict[str, set[str]]:
    """The key ids the payloads of each case's history were written with, read raw (no codec)."""
    client = await Client.connect(address)
    found: dict[str, set[str]] = {}
    for case_id in case_ids:
        ids: set[str] = set()
        async for event in client.get_workflow_handle(case_id).fetch_history_events():
            for payload in payloads_in(event):
                key_id = payload.metadata.get("encryption-key-id")
                if key_id is not None:
                    ids.add(key_id.decode())
        found[case_id] = ids
    return found
