"""The records of support: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/support.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field


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


class LandlordFacts(BaseModel):
    recorded_at: AwareDatetime
    recorded_by: str
    debt_settled_on: date | None = None
    repeated_late_payments: bool | None = None
    children_not_in_register: list[int] = Field(default_factory=list)  # birth years
    sublet_suspected: bool | None = None
    note: str | None = None


# ---- interventions -------------------------------------------------------------------------
