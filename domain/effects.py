"""What a rule asks the case to do in the world; the workflow carries each out as activities.

Timer rules and standing rules are pure: they change the case's state and return effects.
`workflows/case_effects.py` turns each effect into the activity that does it, in order; the
effects of a `Together` run at the same time.
"""

from enum import StrEnum

from pydantic import BaseModel, Field

from domain.correspondence import AlertUnit, LetterKind, ReminderFacts, ReminderTopic
from domain.records.consent import ConsentPurpose


class Remind(BaseModel):
    """A reminder to the responsible case officer."""

    topic: ReminderTopic
    facts: ReminderFacts = Field(default_factory=ReminderFacts)


class Alert(BaseModel):
    """An alert to a unit; `about_household` gives it the tenant and address to act on."""

    unit: AlertUnit
    reason: str  # English, for logs and systems
    about_household: bool = True
    reason_sv: str = ""  # what the receiving unit reads (issue 17: alerts as documents)


class SendLetter(BaseModel):
    kind: LetterKind


class SendLandlordLetter(BaseModel):
    """A letter about the tenant to the landlord: only while the tenant's consent covers its
    purpose (checked when it goes), and only to a postal address (held until there is one)."""

    kind: LetterKind
    purpose: ConsentPurpose


class SendPaymentCommitment(BaseModel):
    """The registered payment commitment to the landlord; what it does to the recovery period
    follows from whether it went, was stopped or was held (`recovery_period.commitment_letter_went`)."""


class ResendHeldLetters(BaseModel):
    """The letters to the landlord that waited for its postal address, which is now known: the
    ones waiting when this is carried out (`landlord.held_letters_to_send`)."""


class BookHomeVisit(BaseModel):
    """No personal contact in time: a letter announcing a home visit, and the visit booked."""


class Finish(BaseModel):
    """The case's retention ended: the workflow completes."""


class Together(BaseModel):
    """Effects that go out at the same time (their activities run concurrently)."""

    effects: list["Remind | Alert | SendLetter"]


Effect = (
    Remind
    | Alert
    | SendLetter
    | SendLandlordLetter
    | SendPaymentCommitment
    | ResendHeldLetters
    | BookHomeVisit
    | Finish
    | Together
)


class LetterOutcome(StrEnum):
    """What became of a letter to the landlord, for the rule that follows it."""

    SENT = "sent"
    STOPPED = "stopped"  # no consent: the letter does not go
    HELD = "held"  # no postal address yet: the letter waits
