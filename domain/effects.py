"""What a rule asks the case to do in the world; the workflow carries each out as activities.

Timer rules and standing rules are pure: they change the case's state and return effects.
`workflows/case_effects.py` turns each effect into the activity that does it, in order; the
effects of a `Together` run at the same time.
"""

from pydantic import BaseModel, Field

from domain.correspondence import AlertUnit, LetterKind, ReminderFacts, ReminderTopic


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


class BookHomeVisit(BaseModel):
    """No personal contact in time: a letter announcing a home visit, and the visit booked."""


class Finish(BaseModel):
    """The case's retention ended: the workflow completes."""


class Together(BaseModel):
    """Effects that go out at the same time (their activities run concurrently)."""

    effects: list["Remind | Alert | SendLetter"]


Effect = Remind | Alert | SendLetter | BookHomeVisit | Finish | Together
