"""The records of closing: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/closing.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel


class ClosingReason(StrEnum):
    NO_NEED = "no_need"
    DEBT_SETTLED = "debt_settled"
    SUPPORT_DECLINED = "support_declined"
    MOVED = "moved"
    HANDED_OVER = "handed_over"
    EVICTION_AVERTED = "eviction_averted"
    EVICTED = "evicted"
    OTHER = "other"


class CaseClosure(BaseModel):
    reason: ClosingReason
    closed_by: str
    closed_at: AwareDatetime
    note: str | None = None


class FollowUpSubject(StrEnum):
    ADULT = "adult"
    CHILD = "child"


class FollowUp(BaseModel):
    offered_at: AwareDatetime
    offer_letter_id: str | None = None
    subject: FollowUpSubject | None = None
    due_on: date | None = None
    arranged_by: str | None = None
    done_at: AwareDatetime | None = None


# ---- follow-up -----------------------------------------------------------------------------
