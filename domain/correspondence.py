"""What a case sends: letters to the tenant, the landlord and Kronofogden, alerts to units,
reminders to the case officer, and the record each leaves in the case.

The texts people read are written by the activities from template files (`activities/letters/`,
`activities/reminder_texts.py`); here are the kinds, recipients and records only.
"""

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel


class LetterKind(StrEnum):
    INFORMATION_LETTER = "information_letter"
    KFM_CONFIRMATION = "kfm_confirmation"
    KFM_CONFIRMATION_TENANT_COPY = "kfm_confirmation_tenant_copy"
    PAYMENT_COMMITMENT = "payment_commitment"
    HOME_VISIT_NOTICE = "home_visit_notice"
    PLANNED_SUPPORT = "planned_support"
    FOLLOW_UP_OFFER = "follow_up_offer"
    PAYMENT_COMMITMENT_TENANT_COPY = "payment_commitment_tenant_copy"
    POSTPONEMENT_REQUEST = "postponement_request"  # to Kronofogden, when the officer asks for one


class Recipient(StrEnum):
    TENANT = "tenant"
    LANDLORD = "landlord"
    KFM = "kfm"


RECIPIENT_OF: dict[LetterKind, Recipient] = {
    LetterKind.INFORMATION_LETTER: Recipient.TENANT,
    LetterKind.KFM_CONFIRMATION: Recipient.KFM,
    LetterKind.KFM_CONFIRMATION_TENANT_COPY: Recipient.TENANT,
    LetterKind.PAYMENT_COMMITMENT: Recipient.LANDLORD,
    LetterKind.HOME_VISIT_NOTICE: Recipient.TENANT,
    LetterKind.PLANNED_SUPPORT: Recipient.LANDLORD,
    LetterKind.FOLLOW_UP_OFFER: Recipient.TENANT,
    LetterKind.PAYMENT_COMMITMENT_TENANT_COPY: Recipient.TENANT,
    LetterKind.POSTPONEMENT_REQUEST: Recipient.KFM,
}


class AlertUnit(StrEnum):
    CHILDREN_UNIT = "children_unit"
    ELDERLY_CARE_OUTREACH = "elderly_care_outreach"
    ADULT_INTAKE_UNIT = "adult_intake_unit"
    SUPERVISOR = "supervisor"


class ReminderTopic(StrEnum):
    """Why the case reminds its officer; the Swedish text is written from the topic."""

    RECOVERY_PERIOD_ENDS_SOON = "recovery_period_ends_soon"
    RECOVERY_PERIOD_ENDED = "recovery_period_ended"
    PREASSESSMENT_GUIDELINE = "preassessment_guideline"
    EVICTION_SOON = "eviction_soon"
    EVICTION_OUTCOME_NEEDED = "eviction_outcome_needed"
    HOME_VISIT_OUTCOME_NEEDED = "home_visit_outcome_needed"
    FOLLOW_UP_DUE = "follow_up_due"
    PHONE_TENANT = "phone_tenant"
    LETTER_STOPPED_NO_CONSENT = "letter_stopped_no_consent"
    LANDLORD_ADDRESS_MISSING = "landlord_address_missing"
    LETTER_UNPRINTABLE = "letter_unprintable"
    TENANT_ADDRESS_UNKNOWN = "tenant_address_unknown"
    COORDINATE_WITH_UNIT = "coordinate_with_unit"  # the tenant is known to a unit of this board
    COORDINATE_WITH_OTHER_ADMINISTRATION = "coordinate_with_other_administration"  # consent first


class ReminderFacts(BaseModel):
    """The dates a reminder's text names; none of them personal data."""

    recovery_period_end: date | None = None
    earliest_eviction_decision: date | None = None
    preassessment_limit: str | None = None  # a deadline's due text
    eviction_at: AwareDatetime | None = None
    unit: str | None = None  # the unit the tenant is known to (a unit's name, not personal)


class HeldReason(StrEnum):
    """Why a letter was held rather than sent (`LetterRecord.held`)."""

    NO_POSTAL_ADDRESS = "landlord_postal_address"  # a letter to the landlord with nowhere to go
    UNPRINTABLE = "unprintable_characters"  # a character no installed font can print


class LetterRecord(BaseModel):
    letter_id: str
    kind: LetterKind
    recipient: Recipient
    file: str
    written_at: AwareDatetime
    held: HeldReason | None = None  # not sent, and why


class AlertRecord(BaseModel):
    alert_id: str
    unit: AlertUnit
    reason: str
    raised_at: AwareDatetime
    reason_sv: str = ""  # what the unit reads (alerts raised before carry none)


class ReminderRecord(BaseModel):
    reminder_id: str
    topic: str
    text: str
    sent_at: AwareDatetime
