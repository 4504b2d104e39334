"""The records of recovery period: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/recovery_period.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel


class RecoveryOutcome(StrEnum):
    DEBT_SETTLED = "debt_settled"
    PAYMENT_COMMITMENT = "payment_commitment"
    TERMINATION_WITHDRAWN = "termination_withdrawn"
    NOT_SAVED = "not_saved"


SAVED = (
    RecoveryOutcome.DEBT_SETTLED,
    RecoveryOutcome.PAYMENT_COMMITMENT,
    RecoveryOutcome.TERMINATION_WITHDRAWN,
)


class RecoveryPeriod(BaseModel):
    served_on: date
    notified_on: date
    ends_on: date
    earliest_eviction_decision: date
    debt_sek: float | None = None
    outcome: RecoveryOutcome | None = None
    commitment_amount_sek: float | None = None
    # A commitment sent in time: the tenant cannot be evicted for this debt (JB 12:44).
    eviction_barred_for_debt: bool = False
    # A commitment decided whose letter is held (no postal address for the landlord): it counts
    # only once the letter is sent, within the period (JB 12:44: given to the landlord in time).
    commitment_held: bool = False
    commitment_decided_on: date | None = None  # the day the board's officer decided it
    outcome_recorded_at: AwareDatetime | None = None
