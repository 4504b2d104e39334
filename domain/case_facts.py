"""What a case tells the reporting store: the facts the board's report and the case meeting's
agenda need, and nothing that identifies the household.

No names, identity numbers, addresses, phone numbers or free-text notes: the case number,
district, the landlord's name (the store keeps it only for landlords the municipality names),
children as a count, 65 or older as a flag, dates, codes and the officer's open tasks (texts
the case itself writes, from codes and dates). The tenant's identity stays in the encrypted case.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from domain.case import CasePeriod, CaseState, merged_birth_years
from domain.case_view import open_tasks
from domain.deadlines import DeadlineStatus
from domain.intake import tenant_is_elderly
from domain.notice_kind import NoticeKind
from domain.supervision import overdue

Receipt = Literal["opened", "joined"]


class NoticeFact(BaseModel):
    notice_id: str
    kind: NoticeKind
    sender_kind: str
    received_at: AwareDatetime
    receipt: Receipt
    period: int


class LetterFact(BaseModel):
    letter_id: str
    kind: str
    recipient: str
    written_at: AwareDatetime
    held: bool = False


class ContactFact(BaseModel):
    contact_id: str
    at: AwareDatetime
    method: str
    outcome: str
    personal: bool


class AlertFact(BaseModel):
    alert_id: str
    unit: str
    raised_at: AwareDatetime


class InterventionFact(BaseModel):
    intervention_id: str
    kind: str
    decided_at: AwareDatetime


class DeadlineFact(BaseModel):
    name: str
    due_on: date | None = None
    due_at: AwareDatetime | None = None
    status: str
    settled_at: AwareDatetime | None = None


class PeriodFact(BaseModel):
    """One period of the case: from the notice that opened it to its closing."""

    period: int
    started_at: AwareDatetime | None = None
    registered_on: date | None = None
    phase: str
    tracks: list[str] = Field(default_factory=list)
    preassessment_result: str | None = None
    preassessment_decided_at: AwareDatetime | None = None
    extension_reason: str | None = None
    recovery_outcome: str | None = None
    recovery_outcome_at: AwareDatetime | None = None
    eviction_first_scheduled_at: AwareDatetime | None = None
    eviction_scheduled_at: AwareDatetime | None = None
    postponements: int = 0
    eviction_outcome: str | None = None
    eviction_outcome_at: AwareDatetime | None = None
    averted_by: str | None = None  # keys_returned, agreement, payment, other
    social_services_present: bool | None = None
    children_unit_present: bool | None = None
    follow_up_offered_at: AwareDatetime | None = None
    follow_up_due_on: date | None = None
    follow_up_done_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    closing_reason: str | None = None
    commitment_amount_sek: float | None = None
    deadlines: list[DeadlineFact] = Field(default_factory=list)


class CaseFacts(BaseModel):
    case_id: str
    case_number: str | None = None
    district: str | None = None
    landlord: str | None = None
    children: int = 0
    elderly: bool = False
    officer: str | None = None
    open_tasks_sv: list[str] = Field(default_factory=list)
    notices: list[NoticeFact] = Field(default_factory=list)
    letters: list[LetterFact] = Field(default_factory=list)
    contacts: list[ContactFact] = Field(default_factory=list)
    alerts: list[AlertFact] = Field(default_factory=list)
    interventions: list[InterventionFact] = Field(default_factory=list)
    alerts_held: int = 0  # alerts waiting for the tenant's consent now
    # Deadlines missed and not dealt with (domain/supervision.py, as `list --overdue` counts
    # them): the agenda's "missed" agrees with the list (issue 19).
    missed_open: list[str] = Field(default_factory=list)
    period: PeriodFact
    earlier_periods: list[PeriodFact] = Field(default_factory=list)  # before the current one
    # When the case published these facts (the workflow's clock): an older publication that
    # arrives late never overwrites a newer one.
    as_of: AwareDatetime | None = None


REOPENED = "case reopened by a new notice"


def opening_notices(state: CaseState) -> list[str]:
    """The notices that opened a period: the case's first, and each that reopened it."""
    opened = [state.notices[0].notice_id] if state.notices else []
    reopened = False
    for event in state.events:
        if event.what == REOPENED:
            reopened = True
        elif reopened and event.what.startswith("notice "):
            opened.append(event.what.split()[1])
            reopened = False
    return opened


def _averted_by(period: CasePeriod, agreements: bool) -> str | None:
    """How an eviction was averted: keys returned, an agreement, the debt paid or committed."""
    eviction = period.eviction
    if eviction is None or eviction.outcome is None or eviction.outcome.value == "executed":
        return None
    if eviction.outcome.value == "keys_returned":
        return "keys_returned"
    recovery = period.recovery
    if recovery is not None and recovery.outcome is not None and recovery.outcome.value != "not_saved":
        return "payment"
    return "agreement" if agreements else "other"


def period_fact(period: CasePeriod, number: int, tracks: list[str], agreements: bool) -> PeriodFact:
    """One period's facts, the current one's or an earlier one's."""
    eviction, recovery = period.eviction, period.recovery
    decision, follow_up = period.preassessment_decision, period.follow_up
    return PeriodFact(
        period=number,
        started_at=period.started_at,
        registered_on=period.registered_on,
        phase=period.phase.value,
        tracks=tracks,
        preassessment_result=decision.result.value if decision else None,
        preassessment_decided_at=decision.decided_at if decision else None,
        extension_reason=period.extension.reason.value if period.extension else None,
        recovery_outcome=recovery.outcome.value if recovery and recovery.outcome else None,
        recovery_outcome_at=recovery.outcome_recorded_at if recovery else None,
        eviction_first_scheduled_at=eviction.first_scheduled_at if eviction else None,
        eviction_scheduled_at=eviction.scheduled_at if eviction else None,
        postponements=len(eviction.postponements) if eviction else 0,
        eviction_outcome=eviction.outcome.value if eviction and eviction.outcome else None,
        eviction_outcome_at=eviction.outcome_recorded_at if eviction else None,
        averted_by=_averted_by(period, agreements),
        social_services_present=eviction.attended if eviction else None,
        children_unit_present=eviction.children_unit_attended if eviction else None,
        follow_up_offered_at=follow_up.offered_at if follow_up else None,
        follow_up_due_on=follow_up.due_on if follow_up else None,
        follow_up_done_at=follow_up.done_at if follow_up else None,
        closed_at=period.closure.closed_at if period.closure else None,
        closing_reason=period.closure.reason.value if period.closure else None,
        commitment_amount_sek=recovery.commitment_amount_sek
        if recovery and recovery.outcome is not None and recovery.outcome.value == "payment_commitment"
        else None,
        deadlines=[
            DeadlineFact(
                name=name.value,
                due_on=deadline.due_on,
                due_at=deadline.due_at,
                status=deadline.status.value,
                settled_at=deadline.settled_at,
            )
            for name, deadline in period.deadlines.items()
        ],
    )


def _kinds_in(state: CaseState, period_of: dict[str, int], number: int) -> list[str]:
    return sorted({n.kind.value for n in state.notices if period_of[n.notice_id] == number})


def case_facts(state: CaseState, now: datetime) -> CaseFacts:
    """The case's facts now (`as_of` is set by whoever publishes them)."""
    opened = opening_notices(state)
    period_of: dict[str, int] = {}
    number = 0
    for notice in state.notices:
        if notice.notice_id in opened:
            number += 1
        period_of[notice.notice_id] = max(number, 1)
    current = max(number, 1)
    period = state.period
    first = current - len(state.earlier_periods)  # the number of the earliest period kept
    register = state.register_check.children_birth_years if state.register_check else []
    children = len(merged_birth_years(state.children_birth_years or [], register))
    return CaseFacts(
        case_id=state.case_id,
        case_number=state.case_number,
        district=state.district,
        landlord=state.landlord,
        children=children,
        elderly=tenant_is_elderly(state),
        officer=state.routing.officer_id if state.routing else None,
        open_tasks_sv=[task.sv for task in open_tasks(state, now)] if period.phase.value != "closed" else [],
        notices=[
            NoticeFact(
                notice_id=notice.notice_id,
                kind=notice.kind,
                sender_kind=notice.sender.kind.value,
                received_at=notice.received_at,
                receipt="opened" if notice.notice_id in opened else "joined",
                period=period_of[notice.notice_id],
            )
            for notice in state.notices
        ],
        letters=[
            LetterFact(
                letter_id=letter.letter_id,
                kind=letter.kind.value,
                recipient=letter.recipient.value,
                written_at=letter.written_at,
                held=letter.held is not None,
            )
            for letter in state.letters
        ],
        contacts=[
            ContactFact(
                contact_id=contact.contact_id,
                at=contact.at,
                method=contact.method.value,
                outcome=contact.outcome.value,
                personal=contact.is_personal_contact,
            )
            for contact in state.contacts
        ],
        alerts=[
            AlertFact(alert_id=alert.alert_id, unit=alert.unit.value, raised_at=alert.raised_at)
            for alert in state.alerts
        ],
        interventions=[
            InterventionFact(intervention_id=i.intervention_id, kind=i.kind.value, decided_at=i.decided_at)
            for i in state.interventions
        ],
        alerts_held=len(state.held_alerts),
        missed_open=[
            name.value
            for name in overdue(state, now)
            if state.period.deadlines[name].status is DeadlineStatus.MISSED
        ],
        period=period_fact(period, current, [track.value for track in state.tracks], bool(state.agreements)),
        earlier_periods=[
            period_fact(earlier, first + at, _kinds_in(state, period_of, first + at), bool(state.agreements))
            for at, earlier in enumerate(state.earlier_periods)
        ],
    )
