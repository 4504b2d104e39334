"""What intake tells the reporting store: submissions no case holds (duplicates, rejections).

They are written first to a journal in the data directory (`submissions.jsonl`, appended and
synced), which intake can always write, and from there into the store: a store that is locked
or down during intake, or lost and rebuilt, gets them from the journal the next time it is
opened by `report`, `agenda` or `rebuild-reporting` (issue 19: they had vanished). Each row has
an id fixed when it is journalled, so loading the journal twice counts nothing twice.
"""

import json
import os
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from domain.closed_set import within
from domain.notice_files import ReadNotice
from infra.case_client import case_id_of
from reporting import schema as s
from reporting.notice_keys import notice_key
from reporting.store import reported_landlord

JOURNAL = "submissions.jsonl"
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ASIDE = re.compile(r"\s*\([^)]*\)")


def reason_rule(reason: str) -> str:
    """A rejection's reason as the report counts it: the rule broken, without what the sender
    wrote (quoted values), the case it names or the time to re-run (asides), or advice."""
    return _QUOTED.sub("…", _ASIDE.sub("", reason)).split(";")[0].strip()


def submission_rows(
    submitted: list[tuple[ReadNotice, str]],
    named_landlords: list[str],
    districts: list[str],
    case_id_key: bytes,
    now: datetime,
) -> list[dict[str, Any]]:
    """The store's rows for each duplicate or rejected submission: codes, keyed hashes, and the
    district and landlord as the municipality lists them (read from the notice as sent when it
    could not be validated, so that a rejection is counted where it belongs)."""
    rows = []
    for read, status in submitted:
        if status not in ("duplicate", "rejected"):
            continue
        notice = read.notice
        landlord = notice.landlord.name if notice and notice.landlord else read.landlord_as_sent
        district = notice.district if notice else read.district_as_sent
        rows.append(
            {
                "submission_id": uuid.uuid4().hex,
                "status": status,
                "notice_id": notice_key(read.notice_id, case_id_key) if read.notice_id else None,
                "case_id": case_id_of(notice, case_id_key) if notice else None,
                "kind": notice.kind.value if notice else None,
                "sender_kind": notice.sender.kind.value if notice else None,
                "landlord": reported_landlord(landlord, named_landlords),
                "district": within(district, districts),
                "received_at": notice.received_at if notice else None,
                "submitted_at": now,
                "reasons": json.dumps(
                    [{"field": e.field, "reason": reason_rule(e.reason)} for e in read.errors],
                    ensure_ascii=False,
                ),
            }
        )
    return rows


def journal(rows: list[dict[str, Any]], data_dir: Path) -> Path:
    """Appends the rows to the journal and syncs it: once this returns they are not lost."""
    path = data_dir / JOURNAL
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, default=_iso, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _read(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut off by a crash mid-write: the rows before and after still count
        for moment in ("received_at", "submitted_at"):
            if row.get(moment):
                row[moment] = datetime.fromisoformat(row[moment])
        rows.append(row)
    return rows


def load_journal(engine: Engine, data_dir: Path) -> int:
    """Every journalled submission the store does not hold yet goes in; how many did."""
    rows = _read(data_dir / JOURNAL)
    if not rows:
        return 0
    with engine.begin() as db:
        held = set(db.execute(select(s.submissions.c.submission_id)).scalars())
        missing = [row for row in rows if row["submission_id"] not in held]
        if missing:
            db.execute(insert(s.submissions), missing)
    return len(missing)
