"""The case meeting's calendar (domain/meetings.py): never a gap at the turn of the year."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, strategies as st

from domain.local_time import STOCKHOLM
from domain.meetings import meets_in_week, next_meeting


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2075, 12, 31)), st.integers(1, 4))
def test_meetings_come_exactly_every_n_weeks_across_years(start: date, every: int) -> None:
    mondays = [start - timedelta(days=start.weekday()) + timedelta(weeks=n) for n in range(3 * every)]
    held = [monday for monday in mondays if meets_in_week(monday, every)]
    assert len(held) == 3
    assert all((b - a).days == 7 * every for a, b in itertools.pairwise(held))


def test_the_turn_of_2026_has_no_three_week_gap() -> None:
    """ISO week 53 of 2026 and week 1 of 2027 were both skipped by "week number divisible by 2"."""
    after = datetime(2026, 12, 20, tzinfo=UTC)
    first = next_meeting(after, 1, time(7), 2)
    second = next_meeting(first, 1, time(7), 2)
    assert first.weekday() == 1 and (second - first) == timedelta(weeks=2)
    assert first.astimezone(STOCKHOLM).time() == time(7)


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2070, 1, 1)), st.integers(0, 6))
def test_the_next_meeting_is_after_now_on_its_weekday_and_in_a_meeting_week(
    now: datetime, weekday: int
) -> None:
    moment = now.replace(tzinfo=UTC)
    found = next_meeting(moment, weekday, time(9, 30), 2)
    assert found > moment and found.astimezone(STOCKHOLM).weekday() == weekday
    assert meets_in_week(found.astimezone(STOCKHOLM).date(), 2)
    assert found - moment <= timedelta(weeks=2, days=1)
