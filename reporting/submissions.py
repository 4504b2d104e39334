"""What intake tells the reporting store: submissions no case holds (duplicates, rejections)."""

import json
import uuid
from datetime import datetime

from sqlalchemy import Engine

from domain.closed_set import within
from domain.notice_files import ReadNotice
from reporting.store import record_submission, reported_landlord


def record_submissions(
    engine: Engine,
    submitted: list[tuple[ReadNotice, str]],
    named_landlords: list[str],
    districts: list[str],
    now: datetime,
) -> int:
    """Records each duplicate or rejected submission once; how many were recorded. A rejected
    notice's reasons are codes and rules (they never echo a value)."""
    count = 0
    for read, status in submitted:
        if status not in ("duplicate", "rejected"):
            continue
        notice = read.notice
        record_submission(
            engine,
            {
                "submission_id": uuid.uuid4().hex,
                "status": status,
                "notice_id": read.notice_id,
                "kind": notice.kind.value if notice else None,
                "sender_kind": notice.sender.kind.value if notice else None,
                "landlord": reported_landlord(notice.landlord.name, named_landlords)
                if notice and notice.landlord
                else None,
                "district": within(notice.district, districts) if notice else None,
                "received_at": notice.received_at if notice else None,
                "submitted_at": now,
                "reasons": json.dumps([error.model_dump() for error in read.errors], ensure_ascii=False),
            },
        )
        count += 1
    return count
