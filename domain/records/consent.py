"""The records of consent: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/consent.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field


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
