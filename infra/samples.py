"""The sample notices `make run` takes in, dated relative to the day it runs.

The spec's examples stay the format's reference with their fixed dates; taken in weeks later
every deadline of theirs would be long missed. Each sample keeps its example's content and the
distances between its own dates, moved to the latest day on which its receipt is not in the
future; an eviction that would fall on a closed day moves to the next working day.
"""

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from domain.calendar import roll_forward
from domain.deadlines import STOCKHOLM

DATE_FIELDS = {"served_on", "social_services_notified_on", "warning_given_on"}
MOMENT_FIELDS = {"received_at", "scheduled_at", "eviction_scheduled_at"}


def _days_to_move(received_at: datetime, now: datetime) -> timedelta:
    """Whole days that put the receipt on today's date."""
    return timedelta(days=(now.astimezone(STOCKHOLM).date() - received_at.astimezone(STOCKHOLM).date()).days)


def _moved(value: Any, key: str, shift: timedelta, now: datetime) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if key in DATE_FIELDS:
        return (date.fromisoformat(value) + shift).isoformat()
    if key in MOMENT_FIELDS:
        moment = datetime.fromisoformat(value) + shift
        if key == "received_at" and moment > now:  # received earlier today, never later than now
            start_of_day = datetime.combine(now.astimezone(STOCKHOLM).date(), time(0), tzinfo=STOCKHOLM)
            moment = max(start_of_day, now - timedelta(minutes=1)).astimezone(moment.tzinfo)
        if key != "received_at":  # Kronofogden evicts on working days
            local = moment.astimezone(STOCKHOLM)
            moment = datetime.combine(roll_forward(local.date()), local.timetz())
        return moment.isoformat()
    return value


def _move_all(raw: Any, shift: timedelta, now: datetime, key: str = "") -> Any:
    if isinstance(raw, dict):
        return {k: _move_all(v, shift, now, k) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_move_all(item, shift, now, key) for item in raw]
    return _moved(raw, key, shift, now)


def dated_notice(raw: dict[str, Any], now: datetime) -> dict[str, Any]:
    """One example notice, moved as a whole (its dates keep their distances) to be received
    today, at its own time of day or, if that is still to come, a minute ago."""
    shift = _days_to_move(datetime.fromisoformat(raw["received_at"]), now)
    moved: dict[str, Any] = _move_all(raw, shift, now)
    return moved


def write_samples(examples: Path, folder: Path, now: datetime) -> list[Path]:
    """Every example file, dated for `now`, written to `folder`; returns the files in order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for example in sorted(examples.iterdir()):
        target = folder / example.name
        text = example.read_text(encoding="utf-8")
        if example.suffix == ".json":
            loaded = json.loads(text)
            items = loaded if isinstance(loaded, list) else [loaded]
            dated = [dated_notice(item, now) for item in items]
            target.write_text(
                json.dumps(dated if isinstance(loaded, list) else dated[0], ensure_ascii=False, indent=2)
            )
        elif example.suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow(dated_notice(row, now))
            target.write_text(out.getvalue(), encoding="utf-8")
        else:
            continue
        written.append(target)
    return written
