"""The Swedish calendar for legal deadlines (lag 1930:173, 2 §).

A day is closed when it is a Saturday, a Sunday, a public holiday (lag 1989:253), midsummer
eve, Christmas eve or New Year's eve. `holidays` gives exactly the holidays and the three eves
with categories PUBLIC and DE_FACTO; `include_sundays=False` keeps its list to named days (its
default changed across versions), and weekends are checked here.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays import DE_FACTO, PUBLIC


@lru_cache(maxsize=64)
def _closed_days(year: int) -> dict[date, str]:
    calendar = holidays.Sweden(years=year, categories=(PUBLIC, DE_FACTO), include_sundays=False)
    return {day: str(name) for day, name in calendar.items()}


def closed_day_name(day: date) -> str | None:
    """Why a day is closed for deadlines, or None when it is a working day."""
    if day in _closed_days(day.year):
        return _closed_days(day.year)[day]
    if day.weekday() == 5:
        return "Saturday"
    if day.weekday() == 6:
        return "Sunday"
    return None


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closed_days(day.year)


def roll_forward(day: date) -> date:
    """The first working day on or after `day`."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (`day` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def subtract_working_days(day: date, count: int) -> date:
    """The `count`-th working day before `day` (`day` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
