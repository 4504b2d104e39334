"""The records of contact: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/contact.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel

VISIT_LENGTH_MINUTES = 60
# A contact "now" may be a few minutes ahead of the server's clock.
CLOCK_SLACK = timedelta(minutes=5)


class ContactMethod(StrEnum):
    LETTER = "letter"
    PHONE = "phone"
    SMS = "sms"
    ANNOUNCED_VISIT = "announced_visit"
    UNANNOUNCED_VISIT = "unannounced_visit"
    MEETING = "meeting"


class ContactOutcome(StrEnum):
    SENT = "sent"  # a letter: sent, which is never personal contact
    REACHED = "reached"
    DECLINED = "declined"  # reached, and the tenant declined support: still personal contact
    NOT_REACHED = "not_reached"


class ContactAttempt(BaseModel):
    contact_id: str
    method: ContactMethod
    outcome: ContactOutcome
    at: AwareDatetime
    recorded_by: str
    justification: str | None = None  # required for an unannounced visit
    note: str | None = None
    visit_id: str | None = None
    follow_up: bool = False
    automatic: bool = False  # a letter the case sent itself

    @property
    def is_personal_contact(self) -> bool:
        return self.method is not ContactMethod.LETTER and self.outcome in (
            ContactOutcome.REACHED,
            ContactOutcome.DECLINED,
        )

    @property
    def failed(self) -> bool:
        return self.outcome in (ContactOutcome.SENT, ContactOutcome.NOT_REACHED)


class VisitKind(StrEnum):
    ANNOUNCED = "announced"
    UNANNOUNCED = "unannounced"


class VisitStatus(StrEnum):
    BOOKED = "booked"
    DONE = "done"
    NOT_REACHED = "not_reached"


class HomeVisit(BaseModel):
    visit_id: str
    kind: VisitKind
    at: AwareDatetime
    with_children_unit: bool
    status: VisitStatus = VisitStatus.BOOKED
    letter_id: str | None = None
    calendar_file: str | None = None


# ---- what the officer records --------------------------------------------------------------
