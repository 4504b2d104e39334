"""Exactly-once files: a committed record is never written again, and a crash leaves no half."""

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import ActivityEnvironment

from activities.outbox import commit_once, read_record, write_atomically


def test_a_record_is_made_once_and_a_second_commit_returns_the_first(tmp_path: Path) -> None:
    calls: list[int] = []

    def make() -> dict[str, Any]:
        calls.append(1)
        write_atomically(tmp_path / "L001.pdf", b"%PDF first")
        return {"letter_id": "L001", "n": len(calls)}

    record = tmp_path / "L001.json"
    assert commit_once(record, make) == {"letter_id": "L001", "n": 1}
    assert commit_once(record, make) == {"letter_id": "L001", "n": 1}
    assert len(calls) == 1 and (tmp_path / "L001.pdf").read_bytes() == b"%PDF first"


def test_a_make_that_fails_commits_nothing_and_runs_whole_on_the_retry(tmp_path: Path) -> None:
    record = tmp_path / "A001.json"

    def broken() -> dict[str, Any]:
        raise OSError("disk full")

    with pytest.raises(OSError):
        commit_once(record, broken)
    assert read_record(record) is None
    assert commit_once(record, lambda: {"ok": True}) == {"ok": True}


def test_a_write_cut_off_halfway_leaves_no_file_and_the_retry_sweeps_its_leftover(tmp_path: Path) -> None:
    target = tmp_path / "letters" / "L002.pdf"
    target.parent.mkdir()
    leftover = target.parent / ".L002.pdf.abc123"  # what a killed worker leaves behind
    leftover.write_bytes(b"%PDF half")
    write_atomically(target, b"%PDF whole")
    assert target.read_bytes() == b"%PDF whole"
    assert sorted(p.name for p in target.parent.iterdir()) == ["L002.pdf"]


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_only_a_retried_activity_sweeps_and_each_attempt_writes_whole(tmp_path: Path, attempt: int) -> None:
    """A first attempt does not list the folder (thousands of alerts in one unit's inbox); the
    retry after a worker died mid-write clears what that attempt left."""
    target = tmp_path / "alerts" / "case-A001.json"
    target.parent.mkdir()
    leftover = target.parent / ".case-A001.json.abc123"
    leftover.write_bytes(b"{half")
    other = target.parent / "case-A002.json"  # another case's alert, never touched
    other.write_bytes(b"{}")
    environment = ActivityEnvironment()
    environment.info = dataclasses.replace(environment.info, attempt=attempt)
    environment.run(write_atomically, target, b"{whole}")
    assert target.read_bytes() == b"{whole}" and other.read_bytes() == b"{}"
    assert leftover.exists() is (attempt == 1)
