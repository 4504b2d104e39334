"""The state of one household's case: the household's record, and the current period.

A case runs for the household as long as notices come; each period (from a notice that opens or
reopens it to its closing) has its own phase, deadlines, timers and decisions in `CasePeriod`,
so reopening is one assignment. Contacts, consents, visits and the notices stay with the
household across periods.
"""

from collections import Counter
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from domain.correspondence import AlertRecord, AlertUnit, LetterKind, LetterRecord, ReminderRecord
from domain.deadlines import Deadline, DeadlineName, DeadlineStatus
from domain.language import refuse
from domain.notices import Notice, NoticeKind, PostalAddress
from domain.phase import Phase
from domain.policy import CasePolicy
from domain.records.closing import CaseClosure, FollowUp
from domain.records.consent import Consent, ConsentPurpose, ConsentRecipient
from domain.records.contact import ContactAttempt, HomeVisit, VisitStatus
from domain.records.eviction import EvictionDay, PostponementRequest
from domain.records.preassessment import PreassessmentDecision, PreassessmentExtension
from domain.records.recovery_period import RecoveryPeriod
from domain.records.routing import Routing
from domain.records.support import Agreement, LandlordFacts, SupportIntervention
from domain.timers import Timer
from domain.words import sv

Track = NoticeKind  # a case runs one track per kind of notice it has received


class CaseEvent(BaseModel):
    at: AwareDatetime
    what: str


class RegisterCheck(BaseModel):
    """Population register and earlier contacts (checklist steps 2 and 3)."""

    registered_at_address: bool | None = None
    other_adults_registered: int | None = None
    children_birth_years: list[int] = Field(default_factory=list)
    known_to_social_services: bool = False
    known_in_unit: str | None = None
    known_in_other_administration: bool = False


class CasePeriod(BaseModel):
    """One period of the case, from the notice that opened it to its closing."""

    phase: Phase = Phase.INTAKE
    started_at: AwareDatetime | None = None
    registered_on: date | None = None
    deadlines: dict[DeadlineName, Deadline] = Field(default_factory=dict)
    timers: list[Timer] = Field(default_factory=list)
    recovery: RecoveryPeriod | None = None
    eviction: EvictionDay | None = None
    disturbance_warning_on: date | None = None
    preassessment_decision: PreassessmentDecision | None = None
    extension: PreassessmentExtension | None = None
    follow_up: FollowUp | None = None
    closure: CaseClosure | None = None
    handed_over_to_adult_intake: bool = False
    letters_waiting: list[LetterKind] = Field(default_factory=list)  # for the landlord's address
    # Letters not written because no installed font prints every character of their text (a
    # name in a script the machine lacks): the officer writes them by hand.
    letters_unprintable: list[LetterKind] = Field(default_factory=list)
    tenant_address_asked: bool = False  # the officer was asked for the tenant's new address
    coordination_asked: bool = False  # the officer was asked to consult the unit that knows the tenant


# The fields a case carried flat, before the period was one sub-model (continue-as-new input).
_FLAT_PERIOD_FIELDS = set(CasePeriod.model_fields) - {"started_at"}


class CaseState(BaseModel):
    case_id: str
    case_number: str | None = None  # the case register's diarienummer
    period: CasePeriod = Field(default_factory=CasePeriod)
    # The periods before the current one, as they closed (without timers): the board's figures
    # count a reopened case's first period too, also after the reporting store is rebuilt
    # (issue 19). A case reopened before this kept only its current period.
    earlier_periods: list[CasePeriod] = Field(default_factory=list)
    tracks: list[Track] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    notice_digests: dict[str, str] = Field(default_factory=dict)
    routing: Routing | None = None
    register_check: RegisterCheck | None = None
    tenant_age: int | None = None
    children_birth_years: list[int] | None = None
    district: str | None = None
    landlord: str | None = None
    landlord_address: PostalAddress | None = None  # recorded by an officer
    tenant_address: PostalAddress | None = None  # the tenant's new address, recorded by an officer
    # The rules as issue 18 left them (the workflow sets it from `TRUE_LETTERS_PATCH`; a case
    # recorded before keeps the old rules on replay): read by the pure rules that changed.
    true_letters: bool = False
    letters: list[LetterRecord] = Field(default_factory=list)
    alerts: list[AlertRecord] = Field(default_factory=list)
    reminders: list[ReminderRecord] = Field(default_factory=list)
    events: list[CaseEvent] = Field(default_factory=list)
    sequence: int = 0
    policy: CasePolicy = Field(default_factory=CasePolicy)
    contacts: list[ContactAttempt] = Field(default_factory=list)
    visits: list[HomeVisit] = Field(default_factory=list)
    consents: list[Consent] = Field(default_factory=list)
    landlord_facts: list[LandlordFacts] = Field(default_factory=list)
    interventions: list[SupportIntervention] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    postponement_requests: list[PostponementRequest] = Field(default_factory=list)
    held_alerts: list[AlertUnit] = Field(default_factory=list)  # waiting for the tenant's consent

    @model_validator(mode="before")
    @classmethod
    def _period_from_flat_fields(cls, data: Any) -> Any:
        """A case carried across continue-as-new before the period was a sub-model (and tests
        that build a state by hand) give the period's fields flat: gather them."""
        if not isinstance(data, dict) or "period" in data:
            return data
        flat = {key: data[key] for key in _FLAT_PERIOD_FIELDS if key in data}
        if "period_start" in data:
            flat["started_at"] = data["period_start"]
        if not flat:
            return data
        rest = {key: value for key, value in data.items() if key not in flat and key != "period_start"}
        return {**rest, "period": flat}

    # ---- the current period, read as the case's own (views and tests read these) -----------

    @property
    def phase(self) -> Phase:
        return self.period.phase

    @property
    def deadlines(self) -> dict[DeadlineName, Deadline]:
        return self.period.deadlines

    @property
    def timers(self) -> list[Timer]:
        return self.period.timers

    @property
    def recovery(self) -> RecoveryPeriod | None:
        return self.period.recovery

    @property
    def eviction(self) -> EvictionDay | None:
        return self.period.eviction

    @property
    def follow_up(self) -> FollowUp | None:
        return self.period.follow_up

    @property
    def closure(self) -> CaseClosure | None:
        return self.period.closure

    @property
    def registered_on(self) -> date | None:
        return self.period.registered_on

    # ---- changes every topic makes ---------------------------------------------------------

    def log(self, now: datetime, what: str) -> None:
        """Adds to the case's own history; texts name codes and dates, never personal data."""
        self.events.append(CaseEvent(at=now, what=what))

    def next_id(self, prefix: str) -> str:
        """A new id for a letter, alert or reminder, fixed by the workflow so retries reuse it."""
        self.sequence += 1
        return f"{prefix}{self.sequence:03d}"

    def start_period(self, now: datetime) -> None:
        """A new notice for a closed case: a new period, with the household's history kept."""
        self.earlier_periods.append(self.period.model_copy(update={"timers": []}))
        self.period = CasePeriod(started_at=now)

    # ---- guards every topic shares ---------------------------------------------------------

    def require_open(self) -> None:
        if self.period.phase is Phase.CLOSED:
            raise refuse(en="the case is closed", sv="ärendet är avslutat")
        if self.period.phase is Phase.INTAKE or self.routing is None:
            raise refuse(
                en="the case is still being taken in; try again in a moment",
                sv="ärendet håller fortfarande på att tas emot; försök igen om en stund",
            )

    def require_investigation(self, what_en: str, what_sv: str) -> None:
        """No support intervention during the preassessment (PROCESS.md §3)."""
        phase = self.period.phase
        if phase is Phase.PREASSESSMENT:
            raise refuse(
                en=f"{what_en} is a support intervention, and none may be given during the "
                "preassessment: open an investigation first",
                sv=f"{what_sv} är en stödinsats, och sådana får inte ges under förhandsbedömningen: "
                "inled en utredning först",
            )
        if phase is not Phase.INVESTIGATION:
            raise refuse(
                en=f"{what_en} needs an open investigation (the case is in {phase.value})",
                sv=f"{what_sv} kräver en pågående utredning (ärendet är i {sv(phase)})",
            )

    # ---- derived facts, one definition each ------------------------------------------------

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
        start = self.period.started_at
        return [c for c in self.contacts if start is None or c.at >= start]

    def personally_reached(self) -> bool:
        return any(contact.is_personal_contact for contact in self.contacts_this_period())

    def booked_visits(self) -> list[HomeVisit]:
        return [visit for visit in self.visits if visit.status is VisitStatus.BOOKED]

    def pending_deadlines(self) -> list[tuple[DeadlineName, Deadline]]:
        pending = [(n, d) for n, d in self.period.deadlines.items() if d.status is DeadlineStatus.PENDING]
        return sorted(pending, key=lambda item: item[1].due_moment())

    def next_deadline(self) -> tuple[DeadlineName, Deadline] | None:
        pending = self.pending_deadlines()
        return pending[0] if pending else None


def merged_birth_years(known: list[int], told: list[int]) -> list[int]:
    """Birth years as a multiset: twins are two children (issue 19); a child two sources name is
    one (of each year, the larger count either source gives)."""
    return sorted((Counter(known) | Counter(told)).elements())
