"""A notice id is the case's for good only once the case has the notice (issue 16, point 1): the
server killed between the claim and the send, on the real dev server, and what follows."""

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infra.intake import read_files, take_in
from infra.notice_claims import StoreNoticeIndex
from infra.settings import load_settings
from infra.temporal import connect
from reporting.notice_index import CLAIM_LEASE, Holder
from reporting.notice_keys import notice_key
from run_local import BIN
from tests.devserver import Operator, running_dev_server
from tests.factories import make_notice

pytestmark = pytest.mark.devserver


class ServerDiesAfterTheClaim(StoreNoticeIndex):
    """The index as intake uses it, but the server is killed the moment the claims are made."""

    def __init__(self, url: str, key: bytes, operator: Operator) -> None:
        super().__init__(url, key)
        self.operator = operator

    async def claim(self, claims: list[tuple[str, str]]) -> dict[str, Holder]:
        held = await super().claim(claims)
        assert self.operator.server is not None
        self.operator.server.kill()
        self.operator.server.wait(timeout=20)
        return held

    async def taken_in(self, pairs: Iterable[tuple[str, str]]) -> None:
        assert not list(pairs), "nothing can have been taken in: the server was gone"


def _jsonl(path: Path, notices: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(notice) + "\n" for notice in notices))
    return path


async def test_the_server_killed_between_claim_and_send_keeps_no_notice_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    notices = [
        make_notice("rent_arrears", an_hour_ago, notice_id=f"CLAIM-{n}", serial=840 + n) for n in range(3)
    ]
    first = _jsonl(tmp_path / "first.jsonl", notices)
    # The sender corrects the first notice's personnummer: the same id, another household.
    corrected = dict(make_notice("rent_arrears", an_hour_ago, notice_id="CLAIM-0", serial=850))
    fixed = _jsonl(tmp_path / "corrected.jsonl", [corrected])
    with running_dev_server(tmp_path) as operator:
        for name, value in operator.env.items():
            monkeypatch.setenv(name, value)
        settings = load_settings()
        client = await connect(settings)
        index = ServerDiesAfterTheClaim(settings.reporting_url, settings.case_id_key, operator)
        receipts = await take_in(
            client,
            settings.task_queue,
            settings.case_id_key,
            read_files([first]),
            notice_index=index,
            answer_seconds=20,
        )
        assert [r.status for r in receipts] == ["rejected"] * 3
        assert all("re-run the file" in r.read.errors[0].reason for r in receipts)

        operator.restart_server(tmp_path)
        # Within the lease the id is kept from another household: the first send might still land.
        code, [refused] = operator.intake(fixed)
        assert code == 1 and refused["errors"][0]["field"] == "notice_id"
        assert "being taken in for another household" in refused["errors"][0]["reason"]
        assert "re-run the file after" in refused["errors"][0]["reason"]

        # The lease runs out (moved back in the store, as time would): the first household's case
        # never got the notice, so the corrected notice takes the id and opens its own case.
        with sqlite3.connect(settings.data_dir / "reporting.db") as db:
            db.execute(
                "UPDATE notice_claims SET claimed_at = ? WHERE notice_id = ?",
                (
                    (datetime.now(UTC) - CLAIM_LEASE - timedelta(minutes=1)).replace(tzinfo=None),
                    notice_key("CLAIM-0", settings.case_id_key),
                ),
            )
        code, [taken] = operator.intake(fixed)
        assert code == 0 and taken["status"] == "opened", taken

        # The re-run of the first file: the two others open; the first is now another household's.
        code, again = operator.intake(first)
        assert [r["status"] for r in again] == ["rejected", "opened", "opened"], again
        assert f"taken in for another household (case {taken['case_id']})" in again[0]["errors"][0]["reason"]
        with sqlite3.connect(settings.data_dir / "reporting.db") as db:
            claims = dict(db.execute("SELECT notice_id, taken_in FROM notice_claims").fetchall())
        assert claims == {notice_key(f"CLAIM-{n}", settings.case_id_key): 1 for n in range(3)}
        listed = operator.run("list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 3  # no case without a notice lists


def test_a_notice_the_case_refused_releases_its_id(tmp_path: Path) -> None:
    """A case that holds its 100 notices refuses the 101st; corrected (another personnummer),
    the same notice is taken in at once: the refusal left no claim behind."""
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    full = [
        make_notice("rent_arrears", an_hour_ago - timedelta(minutes=n), notice_id=f"FULL-{n}", serial=860)
        for n in range(101)
    ]
    corrected = make_notice("rent_arrears", an_hour_ago, notice_id="FULL-100", serial=861)
    with running_dev_server(tmp_path) as operator:
        code, receipts = operator.intake(_jsonl(tmp_path / "full.jsonl", full))
        assert code == 1
        assert [r["status"] for r in receipts[:100]] == ["opened"] + ["joined"] * 99
        assert receipts[100]["status"] == "rejected"
        code, [receipt] = operator.intake(_jsonl(tmp_path / "corrected.jsonl", [corrected]))
        assert code == 0 and receipt["status"] == "opened", receipt


def test_cases_list_leaves_out_a_run_without_a_notice(tmp_path: Path) -> None:
    """A run the server started but whose notice it lost (update-with-start, the server died)
    shows in no list; it ends by itself (test_workflow_faults waits it out on skipped time)."""
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    notice = make_notice("rent_arrears", an_hour_ago, notice_id="LISTED-1", serial=870)
    with running_dev_server(tmp_path) as operator:
        code, [receipt] = operator.intake(_jsonl(tmp_path / "one.jsonl", [notice]))
        assert code == 0
        command = [str(BIN / "temporal"), "workflow", "start", "--type", "HouseholdCase"]
        command += ["--task-queue", "eviction-prevention", "--workflow-id", "household-no-notice"]
        command += ["--input", '{"case_id": "household-no-notice"}']
        command += ["--address", operator.env["TEMPORAL_ADDRESS"]]
        started = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert started.returncode == 0, started.stderr
        time.sleep(3)  # search attributes take a moment to become visible
        listed = operator.run("list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert [json.loads(line)["case_id"] for line in listed.stdout.splitlines()] == [receipt["case_id"]]
