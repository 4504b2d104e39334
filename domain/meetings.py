"""The case meeting's calendar: which weeks it meets in, and the next meeting's day.

Every `every_weeks` weeks counted from a fixed Monday, not ISO week numbers: "week number
divisible by two" skipped both week 53 of 2026 and week 1 of 2027, a three-week gap (issue 19).
"""

from datetime import date, datetime, time, timedelta

from domain.local_time import STOCKHOLM

ANCHOR = date(2024, 1, 1)  # a Monday: week 0 of the count


def meets_in_week(day: date, every_weeks: int) -> bool:
    """Whether the meeting is held in the week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return every_weeks <= 1 or ((monday - ANCHOR).days // 7) % every_weeks == 0


def next_meeting(after: datetime, weekday: int, at: time, every_weeks: int) -> datetime:
    """The first meeting strictly after `after` (weekday 0 is Monday; `at` in Stockholm)."""
    day = after.astimezone(STOCKHOLM).date()
    for offset in range(7 * max(every_weeks, 1) + 7):
        candidate = day + timedelta(days=offset)
        moment = datetime.combine(candidate, at, tzinfo=STOCKHOLM)
        if candidate.weekday() == weekday and moment > after and meets_in_week(candidate, every_weeks):
            return moment
    raise AssertionError("a meeting falls within every_weeks + 1 weeks")  # unreachable
