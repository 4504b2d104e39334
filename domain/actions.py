"""Every update a case takes: one input model per Temporal update, shared by the workflow, the
command line and any Python caller, and the answers the updates give.

Each input says who acted (`recorded_by`, an officer id, never a tenant's data). A day or time
left out is the case's own today or now: the workflow's clock decides, not the caller's. Field rules
that need no case (a number is positive, a name is given) are checked here; rules that depend on
the case are the workflow's validators (`check_*` in the topic modules).
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import AliasChoices, AwareDatetime, BaseModel, Field, model_validator

from domain.records.closing import ClosingReason, FollowUpSubject
from domain.records.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.records.contact import ContactMethod, ContactOutcome
from domain.records.eviction import EvictionOutcome, PostponementReason
from domain.records.preassessment import ExtensionReason, InvestigationSubject, PreassessmentResult
from domain.records.support import AgreementKind, InterventionKind

OfficerId = str
NOTE_LIMIT = 4000  # an officer's note or justification: a few paragraphs, never a document
Text = Annotated[str, Field(max_length=NOTE_LIMIT)]
MAX_COMMITMENT_SEK = 1_000_000  # a rent debt; more is a typing error


class CaseUpdate(BaseModel):
    """The shared base: who recorded it. Older payloads without it still read."""

    recorded_by: OfficerId | None = Field(default=None, min_length=1, max_length=64)


class OfficerAction(CaseUpdate):
    """An action a case officer takes; who acted is required."""

    recorded_by: OfficerId = Field(min_length=1, max_length=64)


# ---- the recovery period -------------------------------------------------------------------


class DebtSettled(CaseUpdate):
    settled_on: date | None = None  # None: the case's today (its clock, not the caller's)
    note: Text | None = None


class PaymentCommitmentDecision(OfficerAction):
    amount_sek: float = Field(gt=0, le=MAX_COMMITMENT_SEK, allow_inf_nan=False)
    # Recorded as `decided_by` before all inputs shared one base; both names read.
    recorded_by: OfficerId = Field(
        min_length=1, max_length=64, validation_alias=AliasChoices("recorded_by", "decided_by")
    )


# ---- the eviction --------------------------------------------------------------------------


class PostponementGranted(CaseUpdate):
    """Kronofogden's grant; the new time lies within the calendar's years."""

    new_scheduled_at: AwareDatetime
    reason: Text | None = None


class PostponementRequestReport(OfficerAction):
    reason: PostponementReason
    requested_on: date | None = None  # None: the case's today


class PostponementAnswer(OfficerAction):
    granted: bool
    new_scheduled_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _time_if_granted(self) -> "PostponementAnswer":
        if self.granted and self.new_scheduled_at is None:
            raise ValueError("a granted postponement needs the new date and time of the eviction")
        if not self.granted and self.new_scheduled_at is not None:
            raise ValueError("a refused postponement has no new date")
        return self


class EvictionOutcomeReport(OfficerAction):
    outcome: EvictionOutcome
    attended: bool
    children_unit_attended: bool | None = None  # must be stated for a family's eviction


# ---- responsibility, contact, consent ------------------------------------------------------


class AssignOfficer(OfficerAction):
    # Used in folder names (the officer's reminders and calendar): never '..' or a path.
    officer_id: str = Field(
        min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$"
    )
    officer_name: str = Field(min_length=1, max_length=200)
    unit: str | None = Field(default=None, max_length=200)
    officer_phone: str | None = Field(default=None, max_length=40)


class ContactReport(OfficerAction):
    method: ContactMethod
    outcome: ContactOutcome
    at: AwareDatetime | None = None  # None: now, by the case's clock
    justification: Text | None = None
    note: Text | None = None
    follow_up: bool = False  # this contact is the follow-up the case arranged


class ConsentGiven(OfficerAction):
    recipient: ConsentRecipient
    administration: str | None = Field(default=None, max_length=200)
    purposes: list[ConsentPurpose] = Field(min_length=1)
    given_on: date | None = None  # None: the case's today
    form: ConsentForm


class ConsentWithdrawal(OfficerAction):
    consent_id: str = Field(max_length=40)
    purposes: list[ConsentPurpose] | None = None  # None: the whole consent
    withdrawn_on: date | None = None  # None: the case's today


class PostalAddressReport(OfficerAction):
    """A postal address an officer found: street (or box), postal code, city."""

    street: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)


class LandlordAddressReport(PostalAddressReport):
    """The landlord's postal address, found by the officer, for letters by registered mail."""


class TenantAddressReport(PostalAddressReport):
    """The tenant's new postal address (after an eviction or a move): letters go there."""


class LandlordFactsReport(OfficerAction):
    debt_settled_on: date | None = None
    repeated_late_payments: bool | None = None
    children_not_in_register: list[int] = Field(default_factory=list)
    sublet_suspected: bool | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> "LandlordFactsReport":
        if (
            self.debt_settled_on is None
            and self.repeated_late_payments is None
            and not self.children_not_in_register
            and self.sublet_suspected is None
            and not self.note
        ):
            raise ValueError("give at least one fact from the landlord")
        return self


# ---- preassessment, support, agreements ----------------------------------------------------


class PreassessmentEnd(OfficerAction):
    result: PreassessmentResult
    subject: InvestigationSubject | None = None  # for an investigation: of the adult or a child
    reason: ClosingReason | None = None  # for closing without an investigation
    note: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> "PreassessmentEnd":
        if self.result is PreassessmentResult.OPEN_INVESTIGATION and self.subject is None:
            raise ValueError("an investigation needs a subject: adult or child")
        if self.result is PreassessmentResult.CLOSE and self.reason is None:
            raise ValueError("closing without an investigation needs a reason")
        return self


class ExtensionReport(OfficerAction):
    reason: ExtensionReason
    note: Text | None = None


class SupportPlan(OfficerAction):
    kind: InterventionKind
    provider: str = Field(min_length=1, max_length=200)
    tell_landlord: bool = False


class AgreementReport(OfficerAction):
    kind: AgreementKind
    agreed_on: date | None = None  # None: the case's today
    note: Text | None = None


# ---- follow-up and closing -----------------------------------------------------------------


class FollowUpArrangement(OfficerAction):
    subject: FollowUpSubject
    decided_by_children_unit: bool = False
    months: int | None = Field(default=None, ge=1, le=24)


class CaseClosing(OfficerAction):
    reason: ClosingReason
    note: Text | None = None


# ---- what the updates answer ---------------------------------------------------------------


class NoticeReceipt(BaseModel):
    notice_id: str
    case_id: str
    status: str  # opened | joined | duplicate
    conflict: bool = False  # a duplicate id whose content differs from the first


class Acknowledgement(BaseModel):
    case_id: str
    accepted_at: datetime
    message: str  # English, the `--json` contract's text
    message_sv: str | None = None  # what people read
