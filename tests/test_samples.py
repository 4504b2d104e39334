"""The notices `make run` takes in are the spec's examples, dated for the day it runs."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from domain.calendar import is_working_day
from domain.deadlines import STOCKHOLM
from domain.notice_files import read_notice_file
from infra.samples import write_samples
from tests.factories import EXAMPLES, FAMILY


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 24, 7, 0, tzinfo=STOCKHOLM),  # Christmas Eve, before any example's hour
        datetime(2027, 3, 10, 16, 30, tzinfo=STOCKHOLM),
        datetime(2027, 6, 19, 12, 0, tzinfo=STOCKHOLM),  # midsummer's day, a Saturday
        datetime(2028, 2, 29, 9, 0, tzinfo=STOCKHOLM),
    ],
)
def test_every_sample_is_valid_received_today_and_never_in_the_future(now: datetime, tmp_path: Path) -> None:
    files = write_samples(EXAMPLES, tmp_path, now)
    assert sorted(f.name for f in files) == sorted(f.name for f in EXAMPLES.iterdir())
    read = [item for path in files for item in read_notice_file(path)]
    assert [item.errors for item in read] == [[]] * 6
    for item in read:
        assert item.notice is not None
        received = item.notice.received_at
        assert received <= now and received.astimezone(STOCKHOLM).date() == now.date()
        if item.notice.eviction:
            scheduled = item.notice.eviction.scheduled_at.astimezone(STOCKHOLM)
            assert scheduled > now and is_working_day(scheduled.date())
    family = next(i.notice for i in read if i.notice_id == FAMILY["notice_id"])
    assert family is not None and family.rent_arrears is not None
    # The example's own distances hold: served three days before it was received.
    assert family.received_on - family.rent_arrears.served_on == timedelta(days=3)
    assert family.notice_id == "MIMER-2026-11-0412" and family.tenant.personnummer == "19850412-2386"
