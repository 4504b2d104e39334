"""The records of eviction: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/eviction.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from domain.timers import TimerAction

WORKING_DAYS_TO_RECORD_EVICTION_OUTCOME = 2
MAX_POSTPONEMENT = timedelta(days=366)
EVICTION_TIMERS = {
    TimerAction.EVICTION_REMINDER,
    TimerAction.EVICTION_DAY,
    TimerAction.EVICTION_OUTCOME_CHASE,
}
KFM_LATE = "confirmation to Kronofogden not sent the same day"
KFM_LATE_SV = "Bekräftelsen till Kronofogden gick inte samma dag som underrättelsen kom."


class EvictionOutcome(StrEnum):
    EXECUTED = "executed"
    CANCELLED = "cancelled"
    KEYS_RETURNED = "keys_returned"


class Postponement(BaseModel):
    previous_at: AwareDatetime
    new_at: AwareDatetime
    recorded_at: AwareDatetime
    reason: str | None = None


class EvictionDay(BaseModel):
    kfm_case_number: str
    scheduled_at: AwareDatetime
    first_scheduled_at: AwareDatetime
    postponements: list[Postponement] = Field(default_factory=list)
    outcome: EvictionOutcome | None = None
    attended: bool | None = None
    children_unit_attended: bool | None = None
    children_unit_told_of: AwareDatetime | None = None  # the eviction time the unit was told of
    outcome_recorded_at: AwareDatetime | None = None


class PostponementReason(StrEnum):
    NEW_HOUSING = "new_housing"  # new housing within reasonable time
    ARRANGING_HOUSING = "arranging_housing"  # social services need time to arrange housing
    SOCIAL_REASONS = "social_reasons"  # e.g. illness


class PostponementRequest(BaseModel):
    reason: PostponementReason
    requested_on: date
    recorded_by: str
    answer: bool | None = None  # granted / refused / not yet answered
    answered_at: AwareDatetime | None = None
