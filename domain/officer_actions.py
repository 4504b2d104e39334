"""The case officers' actions: one model per Temporal update, shared by the workflow, the
command line and any Python caller.

Each says who acted (`recorded_by`, an officer id, never a tenant's data). Field rules that
need no case (a number is positive, a name is given) are checked here; rules that depend on
the case are the workflow's validators (`casework_rules`).
"""

from datetime import date

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from domain.casework import (
    AgreementKind,
    ClosingReason,
    ConsentForm,
    ConsentPurpose,
    ConsentRecipient,
    ContactMethod,
    ContactOutcome,
    ExtensionReason,
    FollowUpSubject,
    InterventionKind,
    InvestigationSubject,
    PostponementReason,
    PreassessmentResult,
)

OfficerId = str
Text = str


class _Action(BaseModel):
    recorded_by: OfficerId = Field(min_length=1, max_length=64)


class AssignOfficer(_Action):
    officer_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    officer_name: str = Field(min_length=1)
    unit: str | None = None
    officer_phone: str | None = None


class ContactReport(_Action):
    method: ContactMethod
    outcome: ContactOutcome
    at: AwareDatetime
    justification: Text | None = None
    note: Text | None = None
    follow_up: bool = False  # this contact is the follow-up the case arranged


class ConsentGiven(_Action):
    recipient: ConsentRecipient
    administration: str | None = None
    purposes: list[ConsentPurpose] = Field(min_length=1)
    given_on: date
    form: ConsentForm


class ConsentWithdrawal(_Action):
    consent_id: str
    purposes: list[ConsentPurpose] | None = None  # None: the whole consent
    withdrawn_on: date


class LandlordFactsReport(_Action):
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


class PreassessmentEnd(_Action):
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


class ExtensionReport(_Action):
    reason: ExtensionReason
    note: Text | None = None


class SupportPlan(_Action):
    kind: InterventionKind
    provider: str = Field(min_length=1)
    tell_landlord: bool = False


class AgreementReport(_Action):
    kind: AgreementKind
    agreed_on: date
    note: Text | None = None


class PostponementRequestReport(_Action):
    reason: PostponementReason
    requested_on: date


class PostponementAnswer(_Action):
    granted: bool
    new_scheduled_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _time_if_granted(self) -> "PostponementAnswer":
        if self.granted and self.new_scheduled_at is None:
            raise ValueError("a granted postponement needs the new date and time of the eviction")
        if not self.granted and self.new_scheduled_at is not None:
            raise ValueError("a refused postponement has no new date")
        return self


class FollowUpArrangement(_Action):
    subject: FollowUpSubject
    decided_by_children_unit: bool = False
    months: int | None = Field(default=None, ge=1, le=24)


class CaseClosing(_Action):
    reason: ClosingReason
    note: Text | None = None
