"""The deadline rules of PROCESS.md §6 as pure functions of dates, and a case's deadlines.

Dates are calendar days in Europe/Stockholm. A deadline on a date holds until the end of that
day; reminders go out at the start of office hours.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel

from domain.calendar import add_working_days, is_working_day, roll_forward, subtract_working_days
from domain.local_time import STOCKHOLM as STOCKHOLM  # re-exported: deadlines and their zone

RECOVERY_PERIOD = timedelta(weeks=3)
WORKING_DAYS_BEFORE_EVICTION_DECISION = 2
PREASSESSMENT_GUIDELINE = timedelta(days=14)
PREASSESSMENT_LIMIT = timedelta(days=28)
OFFICE_OPENS = time(8, 0)


def local_date(moment: datetime) -> date:
    """The Stockholm calendar day of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("moment must carry a time zone")
    return moment.astimezone(STOCKHOLM).date()


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in Stockholm: a deadline on `day` is missed from then."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=STOCKHOLM)


def office_morning(day: date) -> datetime:
    """When a reminder for `day` reaches the case officer."""
    return datetime.combine(day, OFFICE_OPENS, tzinfo=STOCKHOLM)


def recovery_period_end(served_on: date, notified_on: date | None = None) -> date:
    """Last day of the recovery period (JB 12:44, lag 1930:173 2 §).

    It runs three weeks from the later of service and the notice to social services, and
    rolls forward past closed days.
    """
    start = max(served_on, notified_on) if notified_on else served_on
    return roll_forward(start + RECOVERY_PERIOD)


def earliest_eviction_decision(period_end: date) -> date:
    """First day Kronofogden may decide on eviction: two working days after the period."""
    return add_working_days(period_end, WORKING_DAYS_BEFORE_EVICTION_DECISION)


@dataclass(frozen=True)
class ConfirmationDue:
    due: date
    received_on_closed_day: bool


def kfm_confirmation_due(received_on: date) -> ConfirmationDue:
    """Confirmation to Kronofogden: the same day, or the next working day (flagged)."""
    if is_working_day(received_on):
        return ConfirmationDue(received_on, False)
    return ConfirmationDue(roll_forward(received_on), True)


def preassessment_reminder(registered_on: date) -> date:
    """The 14-day guideline; not rolled, so the alert comes on the raw date."""
    return registered_on + PREASSESSMENT_GUIDELINE


def preassessment_limit(registered_on: date) -> date:
    """The four-week limit; past it only with a recorded special reason. Not rolled."""
    return registered_on + PREASSESSMENT_LIMIT


def recovery_period_reminders(period_end: date, today: date) -> list[date]:
    """Reminder days for the case officer: a week before, and two working days before.

    Reminders already in the past when the case starts are dropped; the notice itself was
    the reminder then.
    """
    candidates = {
        roll_forward(period_end - timedelta(days=7)),
        subtract_working_days(period_end, 2),
    }
    return sorted(day for day in candidates if today <= day < period_end)


def eviction_reminders(eviction_day: date, today: date) -> list[date]:
    """Reminder days before an eviction: three working days and one working day before."""
    candidates = {subtract_working_days(eviction_day, 3), subtract_working_days(eviction_day, 1)}
    return sorted(day for day in candidates if today <= day < eviction_day)


# ---- a case's deadlines and their status ----------------------------------------------------


class DeadlineName(StrEnum):
    RECOVERY_PERIOD = "recovery_period"
    KFM_CONFIRMATION = "kfm_confirmation"
    PREASSESSMENT_REMINDER = "preassessment_reminder"
    PREASSESSMENT_LIMIT = "preassessment_limit"
    EVICTION = "eviction"


class DeadlineStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"


class Deadline(BaseModel):
    due_on: date | None = None
    due_at: AwareDatetime | None = None
    status: DeadlineStatus = DeadlineStatus.PENDING
    settled_at: AwareDatetime | None = None
    note: str | None = None

    def due_moment(self) -> datetime:
        """When the deadline has passed: its time, or the end of its day."""
        if self.due_at is not None:
            return self.due_at
        assert self.due_on is not None
        return end_of_day(self.due_on)

    def starts_at(self) -> datetime:
        """The moment supervisors filter on: the due time, or the start of the due day."""
        if self.due_at is not None:
            return self.due_at
        assert self.due_on is not None
        return datetime.combine(self.due_on, time(0, 0), tzinfo=STOCKHOLM)

    def due_text(self) -> str:
        if self.due_at is not None:
            return self.due_at.astimezone(STOCKHOLM).isoformat()
        assert self.due_on is not None
        return self.due_on.isoformat()


def settle(deadline: Deadline, status: DeadlineStatus, now: datetime) -> None:
    """A pending deadline becomes met or missed once; a settled one stays as it is."""
    if deadline.status is DeadlineStatus.PENDING:
        deadline.status = status
        deadline.settled_at = now
