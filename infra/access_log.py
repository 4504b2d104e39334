"""Who read which case, when and from where: an append-only log of JSON lines, readable by the
service account only. It names cases by id and people by user name, never the tenant."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def record_read(
    log: Path, *, user: str, via: str, cases: list[str], remote: str | None = None, **more: Any
) -> None:
    """One line per read; appended with O_APPEND, so concurrent writers never interleave a line."""
    log.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "at": datetime.now(UTC).isoformat(),
        "user": user,
        "via": via,
        "cases": sorted(set(cases)),
        "remote": remote,
        **more,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


def reads_of(log: Path, case_id: str) -> list[dict[str, Any]]:
    """Every recorded read of one case: who looked at this household."""
    if not log.exists():
        return []
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [entry for entry in entries if case_id in entry.get("cases", [])]
