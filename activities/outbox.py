"""Exactly-once files: a record is written atomically and a second write returns the first.

Activities are retried and workers die halfway; writing to a temporary name and renaming
means a reader sees a whole file or none, and the JSON record beside a document is its
commit mark: once it exists, the document is done and is never written again.
"""

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from temporalio import activity


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A worker killed mid-write leaves its temporary file; the retry of the same write sweeps
    # it. (A still-running earlier attempt then fails its rename and is retried, harmlessly.)
    if _may_find_leftovers():
        for leftover in path.parent.glob(f".{path.name}.*"):
            leftover.unlink(missing_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _may_find_leftovers() -> bool:
    """Only a retry can find what an earlier attempt of its activity left: a first attempt does
    not list the folder, which for a unit's alerts or an officer's reminders holds thousands of
    files (listing it took 8 % of the worker's busy time under a burst of notices, issue 20).
    Outside an activity (the agenda, the reports) every write sweeps."""
    return not activity.in_activity() or activity.info().attempt > 1


def read_record(path: Path) -> dict[str, Any] | None:
    """The committed record at `path`, or None when it was never committed."""
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    except FileNotFoundError:
        return None


def commit_record(path: Path, record: dict[str, Any]) -> None:
    text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
    write_atomically(path, text.encode("utf-8"))


def commit_once(path: Path, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The record committed at `path`; `make` writes what it stands for and returns it, and
    runs only while no record is committed (a retry after a crash runs it again, whole)."""
    committed = read_record(path)
    if committed is None:
        committed = make()
        commit_record(path, committed)
    return committed
