"""Deadline rules of PROCESS.md §6 against the real calendar. Expected dates are worked out by
hand from the calendar, not by the code under test."""

from datetime import date, datetime

import pytest

from domain.calendar import add_working_days, closed_day_name, is_working_day
from domain.citations import CITATIONS
from domain.deadlines import (
    STOCKHOLM,
    earliest_eviction_decision,
    kfm_confirmation_due,
    local_date,
    preassessment_limit,
    preassessment_reminder,
    recovery_period_end,
)


@pytest.mark.parametrize(
    ("served", "ends", "what"),
    [
        # The worked examples in PROCESS.md.
        (date(2026, 12, 4), date(2026, 12, 28), "Christmas Day, then the weekend"),
        (date(2026, 3, 13), date(2026, 4, 7), "Good Friday, Easter weekend and Easter Monday"),
        (date(2026, 11, 4), date(2026, 11, 25), "an ordinary Wednesday"),
        # Every holiday and eve of lag 1989:253 and lag 1930:173, 2026-2028.
        (date(2025, 12, 16), date(2026, 1, 7), "Epiphany 2026"),
        (date(2026, 3, 16), date(2026, 4, 7), "Easter Monday 2026"),
        (date(2026, 4, 10), date(2026, 5, 4), "May Day 2026 on a Friday"),
        (date(2026, 4, 23), date(2026, 5, 15), "Ascension Day 2026; the squeeze day after is open"),
        (date(2026, 5, 29), date(2026, 6, 22), "Midsummer Eve 2026, Midsummer Day, Sunday"),
        (date(2026, 10, 10), date(2026, 11, 2), "All Saints' Day 2026 (a Saturday)"),
        (date(2026, 12, 3), date(2026, 12, 28), "Christmas Eve 2026 and the days after"),
        (date(2026, 12, 10), date(2027, 1, 4), "New Year's Eve 2026 into New Year's Day"),
        (date(2026, 12, 11), date(2027, 1, 4), "New Year's Day 2027 on a Friday"),
        (date(2026, 12, 16), date(2027, 1, 7), "Epiphany 2027"),
        (date(2027, 3, 5), date(2027, 3, 30), "Good Friday 2027 to Easter Monday"),
        (date(2027, 4, 15), date(2027, 5, 7), "Ascension Day 2027"),
        (date(2027, 6, 4), date(2027, 6, 28), "Midsummer Eve 2027"),
        (date(2027, 12, 3), date(2027, 12, 27), "Christmas Eve 2027 on a Friday"),
        (date(2027, 12, 10), date(2028, 1, 3), "New Year's Eve 2027, New Year's Day on a Saturday"),
        (date(2028, 3, 24), date(2028, 4, 18), "Good Friday 2028"),
        (date(2028, 3, 27), date(2028, 4, 18), "Easter Monday 2028"),
        (date(2028, 4, 10), date(2028, 5, 2), "May Day 2028 on a Monday"),
        (date(2028, 5, 4), date(2028, 5, 26), "Ascension Day 2028"),
        (date(2028, 5, 16), date(2028, 6, 7), "National Day 2028 on a Tuesday"),
        (date(2028, 6, 2), date(2028, 6, 26), "Midsummer Eve 2028"),
        (date(2028, 12, 4), date(2028, 12, 27), "Christmas Day 2028 and Boxing Day"),
        (date(2028, 12, 5), date(2028, 12, 27), "Boxing Day 2028"),
        # Days that are not closed, whatever some calendars say.
        (date(2026, 5, 4), date(2026, 5, 25), "Whit Monday is no holiday since 2005"),
        (date(2026, 3, 12), date(2026, 4, 2), "Maundy Thursday is a working day"),
    ],
)
def test_recovery_period_rolls_forward_past_closed_days(served: date, ends: date, what: str) -> None:
    assert recovery_period_end(served) == ends, what


def test_recovery_period_runs_from_the_later_of_service_and_notice() -> None:
    assert recovery_period_end(date(2026, 11, 2), date(2026, 11, 4)) == date(2026, 11, 25)
    assert recovery_period_end(date(2026, 11, 4), date(2026, 11, 2)) == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("period_end", "earliest"),
    [
        (date(2026, 12, 28), date(2026, 12, 30)),
        (date(2026, 12, 23), date(2026, 12, 29)),  # over Christmas
        (date(2026, 12, 30), date(2027, 1, 5)),  # New Year's Eve, New Year's Day, weekend
        (date(2027, 3, 30), date(2027, 4, 1)),
        (date(2026, 11, 25), date(2026, 11, 27)),
    ],
)
def test_earliest_eviction_decision_is_two_working_days_later(period_end: date, earliest: date) -> None:
    assert earliest_eviction_decision(period_end) == earliest


def test_confirmation_to_kronofogden_is_due_the_same_day_or_flagged() -> None:
    assert kfm_confirmation_due(date(2026, 11, 24)).due == date(2026, 11, 24)
    assert not kfm_confirmation_due(date(2026, 11, 24)).received_on_closed_day
    saturday = kfm_confirmation_due(date(2026, 11, 28))
    assert (saturday.due, saturday.received_on_closed_day) == (date(2026, 11, 30), True)
    assert kfm_confirmation_due(date(2026, 12, 24)).due == date(2026, 12, 28)


def test_preassessment_dates_are_not_rolled() -> None:
    assert preassessment_reminder(date(2026, 11, 23)) == date(2026, 12, 7)
    assert preassessment_limit(date(2026, 11, 23)) == date(2026, 12, 21)
    assert preassessment_reminder(date(2026, 12, 10)) == date(2026, 12, 24)  # Christmas Eve stays


def test_the_three_eves_are_closed_which_plain_holidays_misses() -> None:
    for eve in (date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)):
        assert not is_working_day(eve)
        assert closed_day_name(eve)
    assert is_working_day(date(2026, 5, 15))  # a squeeze day is a working day
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)


def test_dates_are_stockholm_days() -> None:
    late = datetime(2026, 11, 23, 23, 30, tzinfo=STOCKHOLM)
    assert local_date(late.astimezone(STOCKHOLM).replace(tzinfo=STOCKHOLM)) == date(2026, 11, 23)
    assert local_date(datetime.fromisoformat("2026-11-23T23:30:00+00:00")) == date(2026, 11, 24)
    with pytest.raises(ValueError):
        local_date(datetime(2026, 11, 23, 12))


def test_every_rule_has_one_citation() -> None:
    for key in (
        "recovery_period",
        "earliest_eviction_decision",
        "deadline_roll_forward",
        "kfm_confirmation",
        "preassessment",
    ):
        assert CITATIONS[key].act and CITATIONS[key].section
