"""What the workflow asks its activities for, and what the register look-ups answer.

Plain models, shared by the workflow (which imports no PDF, calendar or file code) and the
activities that carry them out.
"""

from datetime import date

from pydantic import AwareDatetime, BaseModel, Field

from domain.correspondence import AlertUnit, LetterKind, Recipient, ReminderFacts, ReminderTopic
from domain.notices import Notice, NoticeKind, PostalAddress
from domain.policy import CasePolicy
from domain.routing import Routing


class RegisterQuery(BaseModel):
    case_id: str
    personnummer: str


class PopulationRegisterEntry(BaseModel):
    registered_at_address: bool | None = None
    other_adults: int | None = None
    children_birth_years: list[int] = Field(default_factory=list)


class KnownClient(BaseModel):
    known: bool = False
    unit: str | None = None
    other_administration: bool = False


class CaseRegistration(BaseModel):
    """The case's entry in the case register (aktualisering): intake type and reason."""

    case_id: str
    notice_id: str
    kind: NoticeKind
    registered_on: date
    routing: Routing


class CaseRegistered(BaseModel):
    """The case register's answer; None from a register that numbered no cases (older runs)."""

    case_number: str | None = None


class OpeningLookUp(BaseModel):
    """What a case that opens asks in one local activity (issue 20): the policy, who is
    responsible for the district, the two registers and the case register's number. One call,
    not five: each local activity's answer was one more pass through the worker's busy core
    before the notice's sender got its receipt."""

    case_id: str
    district: str | None
    personnummer: str
    notice_id: str
    kind: NoticeKind
    registered_on: date


class OpeningFound(BaseModel):
    policy: CasePolicy
    routing: Routing
    population: PopulationRegisterEntry
    known: KnownClient
    registered: CaseRegistered | None


class LetterRequest(BaseModel):
    case_id: str
    letter_id: str
    kind: LetterKind
    recipient: Recipient
    written_on: date
    routing: Routing
    notice: Notice  # the notice the letter answers: tenant, address, landlord
    recovery_period_end: date | None = None
    eviction_at: AwareDatetime | None = None
    kfm_case_number: str | None = None
    amount_sek: float | None = None
    visit_at: AwareDatetime | None = None  # the announced home visit
    joint_with_children_unit: bool = False
    interventions: list[str] = Field(default_factory=list)  # planned support, by kind
    follow_up_months: int | None = None
    case_number: str | None = None  # the diarienummer people read out
    tracks: list[NoticeKind] = Field(default_factory=list)  # every track of the case when written
    landlord_address: PostalAddress | None = None  # recorded in the case by an officer
    landlord_reference: str | None = None  # the landlord's own reference for the tenancy
    threat_over: str | None = None  # what ended the threat, for the follow-up offer
    # Issue 18: the tenant's new address (after an eviction or a move), the commitment's decision
    # day, the postponement asked for, and whether children live in the household.
    tenant_address: PostalAddress | None = None
    commitment_decided_on: date | None = None
    postponement_reason: str | None = None
    postponement_requested_on: date | None = None
    has_children: bool = False


class VisitBooking(BaseModel):
    """An announced home visit, for the officer's calendar (an .ics file)."""

    case_id: str
    visit_id: str
    at: AwareDatetime
    minutes: int
    with_children_unit: bool
    routing: Routing
    notice: Notice  # the address to visit
    case_number: str | None = None  # what the officer's calendar names the case by


class AlertRequest(BaseModel):
    case_id: str
    case_number: str | None = None
    alert_id: str
    unit: AlertUnit
    reason: str
    routing: Routing
    notice: Notice | None = None  # who it is about, for units that must act on the household
    reason_sv: str = ""  # why, in Swedish, for the document the unit reads


class ReminderRequest(BaseModel):
    """The activity writes the Swedish text from the topic and its facts."""

    case_id: str
    reminder_id: str
    topic: ReminderTopic
    facts: ReminderFacts = Field(default_factory=ReminderFacts)
    routing: Routing


class AgendaRequest(BaseModel):
    """The schedule's (or a person's) request for the case meeting's agenda, as of `written_at`
    (the workflow's clock)."""

    written_at: AwareDatetime


class AgendaWritten(BaseModel):
    markdown_file: str
    pdf_file: str
    cases: int
