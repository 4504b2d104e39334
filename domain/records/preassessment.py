"""The records of preassessment: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/preassessment.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel

from domain.records.closing import ClosingReason


class PreassessmentResult(StrEnum):
    OPEN_INVESTIGATION = "open_investigation"
    CLOSE = "close"


class InvestigationSubject(StrEnum):
    ADULT = "adult"
    CHILD = "child"


class PreassessmentDecision(BaseModel):
    result: PreassessmentResult
    subject: InvestigationSubject | None = None
    reason: ClosingReason | None = None
    decided_by: str
    decided_at: AwareDatetime
    note: str | None = None


class ExtensionReason(StrEnum):
    """The special reasons the handbook accepts for a preassessment over four weeks."""

    HARD_TO_REACH = "hard_to_reach"
    AWAITING_RECOVERY_PERIOD = "awaiting_recovery_period"
    MOTIVATIONAL_CONTACTS = "motivational_contacts"
    OTHER = "other"


class PreassessmentExtension(BaseModel):
    reason: ExtensionReason
    recorded_by: str
    recorded_at: AwareDatetime
    note: str | None = None
