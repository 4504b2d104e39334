"""What case officers record in a case: contacts, visits, consents, decisions, agreements.

Plain data. The rules that say which of these are allowed live in `casework_rules`; the
workflow keeps them in `CaseState`. Free-text fields are for the officer's own words and are
encrypted with the rest of the case; codes and dates are what logs and search attributes see.
"""

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field


class CasePolicy(BaseModel):
    """The municipality's choices that the law leaves open, fixed for a case when it opens."""

    # No personal contact within this many working days: a letter announcing a home visit.
    working_days_to_home_visit: int = Field(default=5, ge=1, le=30)
    # The announced visit is at least this many working days after its letter (at least 3).
    working_days_letter_to_visit: int = Field(default=3, ge=3, le=15)
    visit_hour: int = Field(default=10, ge=8, le=15)
    follow_up_months: int = Field(default=3, ge=1, le=24)
    # Units that belong to another board (nämnd) here: nothing about the tenant goes to them
    # without consent. Alert units are named by their code, e.g. "elderly_care_outreach".
    other_administrations: list[str] = Field(default_factory=list)
    # A closed case still answers re-sent notices as duplicates for this long, then ends.
    closed_case_retention_days: int = Field(default=400, ge=1)

    def is_other_administration(self, unit: str) -> bool:
        return unit.casefold() in {name.casefold() for name in self.other_administrations}


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


class ConsentRecipient(StrEnum):
    LANDLORD = "landlord"
    ADMINISTRATION = "administration"  # a named unit under another board
    CHILDREN_UNIT = "children_unit"
    SOCIAL_SERVICES = "social_services"  # the tenant's consent to social services' own steps


class ConsentPurpose(StrEnum):
    CONTACT = "contact"  # contact the recipient about the tenant and exchange facts
    PLANNED_SUPPORT = "planned_support"  # tell the recipient of planned support
    PAYMENT_COMMITMENT = "payment_commitment"  # send the landlord a commitment to pay
    INVESTIGATION = "investigation"  # open an investigation of an adult
    FOLLOW_UP = "follow_up"  # follow-up contact after the case


PURPOSES_FOR: dict[ConsentRecipient, set[ConsentPurpose]] = {
    ConsentRecipient.LANDLORD: {
        ConsentPurpose.CONTACT,
        ConsentPurpose.PLANNED_SUPPORT,
        ConsentPurpose.PAYMENT_COMMITMENT,
    },
    ConsentRecipient.ADMINISTRATION: {ConsentPurpose.CONTACT, ConsentPurpose.PLANNED_SUPPORT},
    ConsentRecipient.CHILDREN_UNIT: {ConsentPurpose.CONTACT, ConsentPurpose.PLANNED_SUPPORT},
    ConsentRecipient.SOCIAL_SERVICES: {ConsentPurpose.INVESTIGATION, ConsentPurpose.FOLLOW_UP},
}


class ConsentForm(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"


class ConsentWithdrawalRecord(BaseModel):
    purposes: list[ConsentPurpose]
    withdrawn_on: date
    recorded_at: AwareDatetime


class Consent(BaseModel):
    consent_id: str
    recipient: ConsentRecipient
    administration: str | None = None
    purposes: list[ConsentPurpose]
    given_on: date
    form: ConsentForm
    recorded_by: str
    recorded_at: AwareDatetime
    withdrawals: list[ConsentWithdrawalRecord] = Field(default_factory=list)

    def active_purposes(self) -> list[ConsentPurpose]:
        withdrawn = {purpose for w in self.withdrawals for purpose in w.purposes}
        return [purpose for purpose in self.purposes if purpose not in withdrawn]

    def covers(
        self, recipient: ConsentRecipient, purpose: ConsentPurpose, administration: str | None
    ) -> bool:
        if self.recipient is not recipient or purpose not in self.active_purposes():
            return False
        if recipient is ConsentRecipient.ADMINISTRATION:
            return (self.administration or "").casefold() == (administration or "").casefold()
        return True


class LandlordFacts(BaseModel):
    recorded_at: AwareDatetime
    recorded_by: str
    debt_settled_on: date | None = None
    repeated_late_payments: bool | None = None
    children_not_in_register: list[int] = Field(default_factory=list)  # birth years
    sublet_suspected: bool | None = None
    note: str | None = None


class PreassessmentResult(StrEnum):
    OPEN_INVESTIGATION = "open_investigation"
    CLOSE = "close"


class InvestigationSubject(StrEnum):
    ADULT = "adult"
    CHILD = "child"


class ClosingReason(StrEnum):
    NO_NEED = "no_need"
    DEBT_SETTLED = "debt_settled"
    SUPPORT_DECLINED = "support_declined"
    MOVED = "moved"
    HANDED_OVER = "handed_over"
    EVICTION_AVERTED = "eviction_averted"
    EVICTED = "evicted"
    OTHER = "other"


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


class InterventionKind(StrEnum):
    ACTION_PLAN = "action_plan"
    FINANCIAL_AID = "financial_aid"
    RENT_PAYMENT_SECURITY = "rent_payment_security"  # autogiro, housing allowance paid direct
    DEBT_COUNSELLING = "debt_counselling"
    EVICTION_PREVENTION_TEAM = "eviction_prevention_team"
    HOME_HELP = "home_help"


class SupportIntervention(BaseModel):
    intervention_id: str
    kind: InterventionKind
    provider: str  # the unit that gives it
    decided_by: str
    decided_at: AwareDatetime
    landlord_told: bool = False


class AgreementKind(StrEnum):
    PAYMENT_PLAN = "payment_plan"
    WITHDRAWN_TERMINATION = "withdrawn_termination"
    SHORT_TERM_CONTRACT = "short_term_contract"


class Agreement(BaseModel):
    kind: AgreementKind
    agreed_on: date
    recorded_by: str
    recorded_at: AwareDatetime
    note: str | None = None


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


class CaseClosure(BaseModel):
    reason: ClosingReason
    closed_by: str
    closed_at: AwareDatetime
    note: str | None = None
