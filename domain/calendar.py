"""The Swedish calendar for legal deadlines (lag 1930:173, 2 §).

A day is closed when it is a Saturday, a Sunday, a public holiday (lag 1989:253), midsummer
eve, Christmas eve or New Year's eve. `holidays` gives exactly the holidays and the three eves
with categories PUBLIC and DE_FACTO; `include_sundays=False` keeps its list to named days (its
default changed across versions), and weekends are checked here.
"""

from datetime import date, timedelta

from holidays import DE_FACTO, PUBLIC
from holidays.countries.sweden import Sweden

FIRST_YEAR, LAST_YEAR = 2000, 2075


# Built once at import, outside any workflow: building a `holidays` calendar reads the locale
# (for translations), which is not allowed in the workflow sandbox. The language is fixed, so
# the names in case notes do not depend on the process's locale.
def _named(language: str) -> dict[date, str]:
    return {
        day: str(name)
        for day, name in Sweden(
            years=range(FIRST_YEAR, LAST_YEAR + 1),
            categories=(PUBLIC, DE_FACTO),
            include_sundays=False,
            language=language,
        ).items()
    }


_CLOSED: dict[date, str] = _named("en_US")
_CLOSED_SV: dict[date, str] = _named("sv")  # what people read: "juldagen", never "Christmas Day"


def _closed_days(year: int) -> dict[date, str]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the calendar covers {FIRST_YEAR}-{LAST_YEAR}, not {year}")
    return _CLOSED


def closed_day_name(day: date, *, swedish: bool = False) -> str | None:
    """Why a day is closed for deadlines (in Swedish for people, in English for the case's log),
    or None when it is a working day."""
    if day in _closed_days(day.year):
        return _CLOSED_SV[day].lower() if swedish else _CLOSED[day]
    if day.weekday() == 5:
        return "lördag" if swedish else "Saturday"
    if day.weekday() == 6:
        return "söndag" if swedish else "Sunday"
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


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start`, up to and including `end`."""
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
