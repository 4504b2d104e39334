"""Keyed durable wake-ups: the case sleeps until the earliest timer not yet done.

A timer is keyed by what it is for and when, so replanning (a postponed eviction, a new
termination) replaces exactly the timers it should.
"""

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel

from domain.deadlines import office_morning


class TimerAction(StrEnum):
    RECOVERY_REMINDER = "recovery_reminder"
    RECOVERY_PERIOD_END = "recovery_period_end"
    KFM_CONFIRMATION_CHECK = "kfm_confirmation_check"
    PREASSESSMENT_REMINDER = "preassessment_reminder"
    PREASSESSMENT_LIMIT = "preassessment_limit"
    EVICTION_REMINDER = "eviction_reminder"
    EVICTION_DAY = "eviction_day"
    EVICTION_OUTCOME_CHASE = "eviction_outcome_chase"
    CONTACT_CHECK = "contact_check"
    VISIT_OUTCOME_CHECK = "visit_outcome_check"
    FOLLOW_UP_DUE = "follow_up_due"
    RETENTION_END = "retention_end"


class Timer(BaseModel):
    """A durable wake-up: the workflow sleeps until the earliest one not yet done."""

    key: str
    at: AwareDatetime
    action: TimerAction
    done: bool = False


def morning_timer(name: str, day: date, action: TimerAction) -> Timer:
    """A wake-up at the start of office hours on `day`, keyed by what it is for and when."""
    return Timer(key=f"{name}:{day}", at=office_morning(day), action=action)


def replace_timers(timers: list[Timer], actions: set[TimerAction], new: list[Timer]) -> list[Timer]:
    """The timers with every pending one of `actions` replaced by `new`."""
    return [t for t in timers if t.done or t.action not in actions] + new
