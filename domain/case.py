"""The state of one household's case, and the view of it that `show` prints.

The workflow owns a `CaseState`; the `state` query returns it; `case_view` turns it into the
contract of shared/spec/case-json.md. Everything here is plain data and pure functions.
"""

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from domain.casework import (
    Agreement,
    CaseClosure,
    CasePolicy,
    Consent,
    ConsentPurpose,
    ConsentRecipient,
    ContactAttempt,
    ContactMethod,
    FollowUp,
    HomeVisit,
    LandlordFacts,
    PostponementRequest,
    PreassessmentDecision,
    PreassessmentExtension,
    SupportIntervention,
    VisitStatus,
)
from domain.deadlines import STOCKHOLM, end_of_day
from domain.notices import Notice, NoticeKind

Track = NoticeKind  # a case runs one track per kind of notice it has received


class Phase(StrEnum):
    INTAKE = "intake"
    PREASSESSMENT = "preassessment"
    INVESTIGATION = "investigation"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class DeadlineName(StrEnum):
    RECOVERY_PERIOD = "recovery_period"
    KFM_CONFIRMATION = "kfm_confirmation"
    PREASSESSMENT_REMINDER = "preassessment_reminder"
    PREASSESSMENT_LIMIT = "preassessment_limit"
    EVICTION = "eviction"


class DeadlineStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"


class Deadline(BaseModel):
    due_on: date | None = None
    due_at: AwareDatetime | None = None
    status: DeadlineStatus = DeadlineStatus.PENDING
    settled_at: AwareDatetime | None = None
    note: str | None = None

    def due_moment(self) -> datetime:
        """When the deadline has passed: its time, or the end of its day."""
        if self.due_at is not None:
            return self.due_at
        assert self.due_on is not None
        return end_of_day(self.due_on)

    def starts_at(self) -> datetime:
        """The moment supervisors filter on: the due time, or the start of the due day."""
        if self.due_at is not None:
            return self.due_at
        assert self.due_on is not None
        return datetime.combine(self.due_on, time(0, 0), tzinfo=STOCKHOLM)

    def due_text(self) -> str:
        if self.due_at is not None:
            return self.due_at.astimezone(STOCKHOLM).isoformat()
        assert self.due_on is not None
        return self.due_on.isoformat()


class LetterKind(StrEnum):
    INFORMATION_LETTER = "information_letter"
    KFM_CONFIRMATION = "kfm_confirmation"
    KFM_CONFIRMATION_TENANT_COPY = "kfm_confirmation_tenant_copy"
    PAYMENT_COMMITMENT = "payment_commitment"
    HOME_VISIT_NOTICE = "home_visit_notice"
    PLANNED_SUPPORT = "planned_support"
    FOLLOW_UP_OFFER = "follow_up_offer"


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
}


class AlertUnit(StrEnum):
    CHILDREN_UNIT = "children_unit"
    ELDERLY_CARE_OUTREACH = "elderly_care_outreach"
    ADULT_INTAKE_UNIT = "adult_intake_unit"
    SUPERVISOR = "supervisor"


class LetterRecord(BaseModel):
    letter_id: str
    kind: LetterKind
    recipient: Recipient
    file: str
    written_at: AwareDatetime


class AlertRecord(BaseModel):
    alert_id: str
    unit: AlertUnit
    reason: str
    raised_at: AwareDatetime


class ReminderRecord(BaseModel):
    reminder_id: str
    topic: str
    text: str
    sent_at: AwareDatetime


class Responsible(BaseModel):
    """A unit and its case officer, as the district routing configuration names them."""

    unit: str
    officer_id: str
    officer_name: str
    officer_phone: str = ""
    office_address: str = ""


class Routing(Responsible):
    """Who is responsible for a case, and for which district."""

    district: str | None


class RegisterCheck(BaseModel):
    """Population register and earlier contacts (checklist steps 2 and 3)."""

    registered_at_address: bool | None = None
    other_adults_registered: int | None = None
    children_birth_years: list[int] = Field(default_factory=list)
    known_to_social_services: bool = False
    known_in_unit: str | None = None
    known_in_other_administration: bool = False


class RecoveryOutcome(StrEnum):
    DEBT_SETTLED = "debt_settled"
    PAYMENT_COMMITMENT = "payment_commitment"
    TERMINATION_WITHDRAWN = "termination_withdrawn"
    NOT_SAVED = "not_saved"


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
    outcome_recorded_at: AwareDatetime | None = None


class EvictionOutcome(StrEnum):
    EXECUTED = "executed"
    CANCELLED = "cancelled"
    KEYS_RETURNED = "keys_returned"


class Postponement(BaseModel):
    previous_at: AwareDatetime
    new_at: AwareDatetime
    recorded_at: AwareDatetime
    reason: str | None = None


class EvictionDay(BaseModel):
    kfm_case_number: str
    scheduled_at: AwareDatetime
    first_scheduled_at: AwareDatetime
    postponements: list[Postponement] = Field(default_factory=list)
    outcome: EvictionOutcome | None = None
    attended: bool | None = None
    children_unit_attended: bool | None = None
    children_unit_told_of: AwareDatetime | None = None  # the eviction time the unit was told of
    outcome_recorded_at: AwareDatetime | None = None


class TimerAction(StrEnum):
    RECOVERY_REMINDER = "recovery_reminder"
    RECOVERY_PERIOD_END = "recovery_period_end"
    KFM_CONFIRMATION_CHECK = "kfm_confirmation_check"
    PREASSESSMENT_REMINDER = "preassessment_reminder"
    PREASSESSMENT_LIMIT = "preassessment_limit"
    EVICTION_REMINDER = "eviction_reminder"
    EVICTION_DAY = "eviction_day"
    EVICTION_OUTCOME_CHASE = "eviction_outcome_chase"
    CONTACT_CHECK = "contact_check"
    VISIT_OUTCOME_CHECK = "visit_outcome_check"
    FOLLOW_UP_DUE = "follow_up_due"
    RETENTION_END = "retention_end"


class Timer(BaseModel):
    """A durable wake-up: the workflow sleeps until the earliest one not yet done."""

    key: str
    at: AwareDatetime
    action: TimerAction
    done: bool = False


class CaseEvent(BaseModel):
    at: AwareDatetime
    what: str


class CaseState(BaseModel):
    case_id: str
    phase: Phase = Phase.INTAKE
    tracks: list[Track] = Field(default_factory=list)
    registered_on: date | None = None
    notices: list[Notice] = Field(default_factory=list)
    notice_digests: dict[str, str] = Field(default_factory=dict)
    routing: Routing | None = None
    register_check: RegisterCheck | None = None
    tenant_age: int | None = None
    children_birth_years: list[int] | None = None
    district: str | None = None
    landlord: str | None = None
    deadlines: dict[DeadlineName, Deadline] = Field(default_factory=dict)
    recovery: RecoveryPeriod | None = None
    eviction: EvictionDay | None = None
    disturbance_warning_on: date | None = None
    letters: list[LetterRecord] = Field(default_factory=list)
    alerts: list[AlertRecord] = Field(default_factory=list)
    reminders: list[ReminderRecord] = Field(default_factory=list)
    timers: list[Timer] = Field(default_factory=list)
    events: list[CaseEvent] = Field(default_factory=list)
    sequence: int = 0
    # The case officers' record (issue 3); a reopened case starts a new period at `period_start`.
    policy: CasePolicy = Field(default_factory=CasePolicy)
    period_start: AwareDatetime | None = None
    contacts: list[ContactAttempt] = Field(default_factory=list)
    visits: list[HomeVisit] = Field(default_factory=list)
    consents: list[Consent] = Field(default_factory=list)
    landlord_facts: list[LandlordFacts] = Field(default_factory=list)
    preassessment_decision: PreassessmentDecision | None = None
    extension: PreassessmentExtension | None = None
    interventions: list[SupportIntervention] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    postponement_requests: list[PostponementRequest] = Field(default_factory=list)
    follow_up: FollowUp | None = None
    closure: CaseClosure | None = None
    held_alerts: list[AlertUnit] = Field(default_factory=list)  # waiting for the tenant's consent
    handed_over_to_adult_intake: bool = False

    # Derived facts, one definition each.

    @property
    def has_children(self) -> bool:
        from_register = self.register_check.children_birth_years if self.register_check else []
        return bool(self.children_birth_years) or bool(from_register)

    def alerted(self, unit: AlertUnit) -> bool:
        return any(alert.unit is unit for alert in self.alerts)

    def letters_of(self, kind: LetterKind) -> list[LetterRecord]:
        return [letter for letter in self.letters if letter.kind is kind]

    def consented(
        self, recipient: ConsentRecipient, purpose: ConsentPurpose, administration: str | None = None
    ) -> bool:
        return any(consent.covers(recipient, purpose, administration) for consent in self.consents)

    def landlord_contact_allowed(self) -> bool:
        """Without consent only when the landlord itself sent a notice (PROCESS.md §3 step 5)."""
        return any(n.sent_by_landlord for n in self.notices) or self.consented(
            ConsentRecipient.LANDLORD, ConsentPurpose.CONTACT
        )

    def contacts_this_period(self) -> list[ContactAttempt]:
        start = self.period_start
        return [c for c in self.contacts if start is None or c.at >= start]

    def personally_reached(self) -> bool:
        return any(contact.is_personal_contact for contact in self.contacts_this_period())

    def booked_visits(self) -> list[HomeVisit]:
        return [visit for visit in self.visits if visit.status is VisitStatus.BOOKED]

    def next_id(self, prefix: str) -> str:
        """A new id for a letter, alert or reminder, fixed by the workflow so retries reuse it."""
        self.sequence += 1
        return f"{prefix}{self.sequence:03d}"

    def pending_deadlines(self) -> list[tuple[DeadlineName, Deadline]]:
        pending = [(n, d) for n, d in self.deadlines.items() if d.status is DeadlineStatus.PENDING]
        return sorted(pending, key=lambda item: item[1].due_moment())

    def next_deadline(self) -> tuple[DeadlineName, Deadline] | None:
        pending = self.pending_deadlines()
        return pending[0] if pending else None

    def open_tasks(self, now: datetime) -> list[str]:
        """What the case officer must do that the case is waiting for."""
        tasks: list[str] = []
        if self.eviction and self.eviction.outcome is None and now >= self.eviction.scheduled_at:
            tasks.append("record the outcome of the eviction")
        if self.recovery and self.recovery.outcome is None:
            tasks.append(
                "record whether the debt was paid or decide a payment commitment "
                f"by {self.recovery.ends_on.isoformat()}"
            )
        if self.phase in (Phase.PREASSESSMENT, Phase.INVESTIGATION) and not self.personally_reached():
            phone_known = any(n.tenant.phone for n in self.notices)
            tried = any(c.method is ContactMethod.PHONE for c in self.contacts_this_period())
            if phone_known and not tried:
                tasks.append("phone the tenant (a number is known); a letter is not personal contact")
            else:
                tasks.append("reach the tenant personally (phone, SMS, meeting or visit)")
        for visit in self.booked_visits():
            if visit.at <= now:
                tasks.append(f"record the outcome of home visit {visit.visit_id}")
        for unit in self.held_alerts:
            tasks.append(f"ask for consent to contact {unit.value} (another administration)")
        if self.phase is Phase.PREASSESSMENT:
            tasks.append("decide the preassessment: open an investigation or close")
        if self.follow_up and self.follow_up.due_on is None and self.phase is not Phase.CLOSED:
            tasks.append(
                "ask whether the tenant wants the follow-up offered (needs consent), or close the case"
            )
        if self.follow_up and self.follow_up.due_on and self.follow_up.done_at is None:
            tasks.append(f"hold the follow-up on {self.follow_up.due_on.isoformat()}")
        return tasks


def consent_needed_for(state: CaseState) -> list[str]:
    """Whom the officer may contact only with the tenant's consent (PROCESS.md §3, steps 3 and 5)."""
    needed = []
    if state.notices and not state.landlord_contact_allowed():
        needed.append("landlord")  # the landlord did not send the notice
    if state.register_check and state.register_check.known_in_other_administration:
        needed.append(f"other administration: {state.register_check.known_in_unit or 'unknown unit'}")
    return needed


def case_view(state: CaseState, now: datetime) -> dict[str, Any]:
    """The case as shared/spec/case-json.md prints it, with this project's added keys."""
    next_deadline = state.next_deadline()
    deadlines: dict[str, Any] = {}
    for name, deadline in state.deadlines.items():
        entry: dict[str, Any] = {"due": deadline.due_text(), "status": deadline.status.value}
        if deadline.note:
            entry["note"] = deadline.note
        deadlines[name.value] = entry
    if state.recovery and DeadlineName.RECOVERY_PERIOD.value in deadlines:
        recovery = deadlines[DeadlineName.RECOVERY_PERIOD.value]
        recovery["earliest_eviction_decision"] = state.recovery.earliest_eviction_decision.isoformat()
        recovery["outcome"] = state.recovery.outcome.value if state.recovery.outcome else None
    view: dict[str, Any] = {
        "case_id": state.case_id,
        "tracks": [track.value for track in state.tracks],
        "phase": state.phase.value,
        "deadlines": deadlines,
        "letters": [
            {"kind": letter.kind.value, "recipient": letter.recipient.value, "file": letter.file}
            for letter in state.letters
        ],
        "alerts": [{"unit": a.unit.value, "reason": a.reason} for a in state.alerts],
        "notices": [notice.notice_id for notice in state.notices],
        "next_deadline": (
            {"name": next_deadline[0].value, "due": next_deadline[1].due_text()} if next_deadline else None
        ),
        "open_tasks": state.open_tasks(now),
        "district": state.district,
        "landlord": state.landlord,
        "has_children": state.has_children,
        "responsible": (
            {"unit": state.routing.unit, "officer": state.routing.officer_name} if state.routing else None
        ),
        "reminders": [{"topic": r.topic, "sent_at": r.sent_at.isoformat()} for r in state.reminders],
        "visits": [
            {
                "visit_id": v.visit_id,
                "kind": v.kind.value,
                "at": v.at.astimezone(STOCKHOLM).isoformat(),
                "with_children_unit": v.with_children_unit,
                "status": v.status.value,
                "calendar_file": v.calendar_file,
            }
            for v in state.visits
        ],
        "contacts": [
            {
                "contact_id": c.contact_id,
                "method": c.method.value,
                "outcome": c.outcome.value,
                "at": c.at.astimezone(STOCKHOLM).isoformat(),
                "by": c.recorded_by,
                "personal_contact": c.is_personal_contact,
            }
            for c in state.contacts
        ],
        "personally_reached": state.personally_reached(),
        "consents": [
            {
                "consent_id": k.consent_id,
                "to": k.recipient.value,
                "administration": k.administration,
                "purposes": [p.value for p in k.purposes],
                "active_purposes": [p.value for p in k.active_purposes()],
                "given_on": k.given_on.isoformat(),
                "form": k.form.value,
            }
            for k in state.consents
        ],
        "preassessment_decision": (
            {
                "result": state.preassessment_decision.result.value,
                "subject": state.preassessment_decision.subject,
                "reason": state.preassessment_decision.reason,
                "by": state.preassessment_decision.decided_by,
            }
            if state.preassessment_decision
            else None
        ),
        "extension_reason": state.extension.reason.value if state.extension else None,
        "interventions": [
            {"kind": i.kind.value, "provider": i.provider, "landlord_told": i.landlord_told}
            for i in state.interventions
        ],
        "agreements": [
            {"kind": a.kind.value, "agreed_on": a.agreed_on.isoformat()} for a in state.agreements
        ],
        "follow_up": (
            {
                "offered": state.follow_up.offer_letter_id is not None,
                "subject": state.follow_up.subject,
                "due": state.follow_up.due_on.isoformat() if state.follow_up.due_on else None,
                "done": state.follow_up.done_at is not None,
            }
            if state.follow_up
            else None
        ),
        "closure": (
            {"reason": state.closure.reason.value, "by": state.closure.closed_by} if state.closure else None
        ),
    }
    if state.register_check:
        check = state.register_check
        view["register_check"] = {
            "registered_at_address": check.registered_at_address,
            "other_adults_registered": check.other_adults_registered,
            "children_registered": len(check.children_birth_years),
            "known_to_social_services": check.known_to_social_services,
            "known_in_unit": check.known_in_unit,
            "known_in_other_administration": check.known_in_other_administration,
        }
    view["consent_needed_for"] = consent_needed_for(state)
    view["history"] = [{"at": e.at.astimezone(STOCKHOLM).isoformat(), "what": e.what} for e in state.events]
    if state.eviction:
        view["eviction"] = {
            "kfm_case_number": state.eviction.kfm_case_number,
            "scheduled_at": state.eviction.scheduled_at.astimezone(STOCKHOLM).isoformat(),
            "postponements": len(state.eviction.postponements),
            "postponement_requests": [
                {
                    "reason": r.reason.value,
                    "requested_on": r.requested_on.isoformat(),
                    "answer": None if r.answer is None else ("granted" if r.answer else "refused"),
                }
                for r in state.postponement_requests
            ],
            "outcome": state.eviction.outcome.value if state.eviction.outcome else None,
            "attended": state.eviction.attended,
            "children_unit_attended": state.eviction.children_unit_attended,
        }
    if state.recovery:
        view["eviction_barred_for_debt"] = state.recovery.eviction_barred_for_debt
    return view
