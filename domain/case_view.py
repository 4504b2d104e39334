"""The case as `show` presents it: a typed view, the contract of shared/spec/case-json.md plus
this project's added keys. `to_json()` is what `show --json` prints.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from domain.case import CaseState
from domain.consent import consent_needed_for
from domain.contact import ContactMethod
from domain.deadlines import STOCKHOLM, DeadlineName
from domain.event_words import event_in_swedish
from domain.language import Said
from domain.phase import Phase
from domain.tenant_address import tenant_unreachable_by_post
from domain.words import en, sv


def _local(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).isoformat()


class _View(BaseModel):
    def to_json(self) -> dict[str, Any]:
        """Only the keys the case has: absent means 'does not apply', as the contract says."""
        return self.model_dump(mode="json", exclude_unset=True)


class DeadlineView(_View):
    due: str
    status: str
    note: str | None = None
    earliest_eviction_decision: str | None = None  # the recovery period's
    outcome: str | None = None  # the recovery period's


class NamedDue(_View):
    name: str
    due: str


class LetterView(_View):
    kind: str
    recipient: str
    file: str
    held: str | None = None  # not sent, and why (`file` is then empty)


class AlertView(_View):
    unit: str
    reason: str
    reason_sv: str | None = None  # added by issue 17; absent for alerts raised before


class ResponsibleView(_View):
    unit: str
    officer: str


class ReminderView(_View):
    topic: str
    sent_at: str


class VisitView(_View):
    visit_id: str
    kind: str
    at: str
    with_children_unit: bool
    status: str
    calendar_file: str | None


class ContactView(_View):
    contact_id: str
    method: str
    outcome: str
    at: str
    by: str
    personal_contact: bool


class ConsentView(_View):
    consent_id: str
    to: str
    administration: str | None
    purposes: list[str]
    active_purposes: list[str]
    given_on: str
    form: str


class DecisionView(_View):
    result: str
    subject: str | None
    reason: str | None
    by: str


class InterventionView(_View):
    kind: str
    provider: str
    landlord_told: bool


class AgreementView(_View):
    kind: str
    agreed_on: str


class FollowUpView(_View):
    offered: bool
    subject: str | None
    due: str | None
    done: bool


class ClosureView(_View):
    reason: str
    by: str


class RegisterCheckView(_View):
    registered_at_address: bool | None
    other_adults_registered: int | None
    children_registered: int
    known_to_social_services: bool
    known_in_unit: str | None
    known_in_other_administration: bool


class EventView(_View):
    at: str
    what: str
    what_sv: str = ""  # the line in Swedish (domain/event_words.py)


class PostponementRequestView(_View):
    reason: str
    requested_on: str
    answer: str | None


class EvictionView(_View):
    kfm_case_number: str
    scheduled_at: str
    postponements: int
    postponement_requests: list[PostponementRequestView]
    outcome: str | None
    attended: bool | None
    children_unit_attended: bool | None


class CaseView(_View):
    case_id: str
    case_number: str | None
    tracks: list[str]
    phase: str
    deadlines: dict[str, DeadlineView]
    letters: list[LetterView]
    alerts: list[AlertView]
    notices: list[str]
    next_deadline: NamedDue | None
    open_tasks: list[str]  # English, the contract's text
    open_tasks_sv: list[str]
    district: str | None
    landlord: str | None
    has_children: bool
    responsible: ResponsibleView | None
    reminders: list[ReminderView]
    visits: list[VisitView]
    contacts: list[ContactView]
    personally_reached: bool
    consents: list[ConsentView]
    preassessment_decision: DecisionView | None
    extension_reason: str | None
    interventions: list[InterventionView]
    agreements: list[AgreementView]
    follow_up: FollowUpView | None
    closure: ClosureView | None
    register_check: RegisterCheckView | None = None
    consent_needed_for: list[str]  # English, as --json has carried it
    consent_needed_for_sv: list[str] = []
    history: list[EventView]
    eviction: EvictionView | None = None
    eviction_barred_for_debt: bool | None = None
    # Set only when the case's workflow was ended from outside (terminated or timed out in the
    # Temporal Web UI or CLI): it runs no more, so nothing it shows is watched (issue 19).
    execution_ended: str | None = None


def open_tasks(state: CaseState, now: datetime) -> list[Said]:
    """What the case officer must do that the case is waiting for."""
    period = state.period
    tasks: list[Said] = []

    def task(en: str, sv: str) -> None:
        tasks.append(Said(en=en, sv=sv))

    if period.eviction and period.eviction.outcome is None and now >= period.eviction.scheduled_at:
        task("record the outcome of the eviction", "registrera utfallet av avhysningen")
    if period.recovery and period.recovery.outcome is None:
        ends = period.recovery.ends_on.isoformat()
        task(
            f"record whether the debt was paid or decide a payment commitment by {ends}",
            f"registrera om skulden betalades, eller besluta om betalningsåtagande senast {ends}",
        )
    if period.phase in (Phase.PREASSESSMENT, Phase.INVESTIGATION) and not state.personally_reached():
        phone_known = any(n.tenant.phone for n in state.notices)
        tried = any(c.method is ContactMethod.PHONE for c in state.contacts_this_period())
        if phone_known and not tried:
            task(
                "phone the tenant (a number is known); a letter is not personal contact",
                "ring hyresgästen (telefonnumret finns); ett brev är inte personlig kontakt",
            )
        else:
            task(
                "reach the tenant personally (phone, SMS, meeting or visit)",
                "nå hyresgästen personligen (telefon, sms, möte eller besök)",
            )
    for visit in state.booked_visits():
        if visit.at <= now:
            task(
                f"record the outcome of home visit {visit.visit_id}",
                f"registrera utfallet av hembesök {visit.visit_id}",
            )
    for kind in period.letters_waiting:
        task(
            f"find the landlord's postal address and record it (landlord-address): the {en(kind)} "
            "letter waits for it",
            f"ta reda på hyresvärdens postadress och registrera den (landlord-address): brevet "
            f"({sv(kind)}) väntar på den",
        )
    for kind in period.letters_unprintable:
        task(
            f"write the letter ({en(kind)}) by hand: no installed font prints every character of "
            "the tenant's name or address, and it was not sent",
            f"skriv brevet ({sv(kind)}) för hand: inget teckensnitt på servern kan skriva ut alla "
            "tecken i hyresgästens namn eller adress, och det har inte skickats",
        )
    if tenant_unreachable_by_post(state) and period.phase is not Phase.CLOSED:
        task(
            "find the tenant's new address and record it (tenant-address): no letter goes to the "
            "home the tenant has left",
            "ta reda på hyresgästens nya adress och registrera den (tenant-address): inga brev går "
            "till bostaden som hyresgästen har lämnat",
        )
    check = state.register_check
    if check is not None and check.known_in_unit and period.phase is Phase.PREASSESSMENT:
        other = check.known_in_other_administration
        consent = " (another administration: with the tenant's consent)" if other else ""
        samtycke = " (annan förvaltning: med hyresgästens samtycke)" if other else ""
        task(
            f"consult {check.known_in_unit}, where the tenant is known, on the case{consent}",
            f"samråd med {check.known_in_unit}, där hyresgästen är aktuell, om ärendet{samtycke}",
        )
    for unit in state.held_alerts:
        task(
            f"ask for consent to contact {en(unit)} (another administration)",
            f"fråga om samtycke till kontakt med {sv(unit)} (annan förvaltning)",
        )
    if period.phase is Phase.PREASSESSMENT:
        task(
            "decide the preassessment: open an investigation or close",
            "besluta i förhandsbedömningen: inled utredning eller avsluta",
        )
    follow_up = period.follow_up
    if follow_up and follow_up.due_on is None and period.phase is not Phase.CLOSED:
        task(
            "ask whether the tenant wants the follow-up offered (needs consent), or close the case",
            "fråga om hyresgästen vill ha uppföljningen som erbjöds (kräver samtycke), eller avsluta ärendet",
        )
    if follow_up and follow_up.due_on and follow_up.done_at is None:
        due = follow_up.due_on.isoformat()
        task(f"hold the follow-up on {due}", f"håll uppföljningen {due}")
    return tasks


def _deadlines(state: CaseState) -> dict[str, DeadlineView]:
    views: dict[str, DeadlineView] = {}
    for name, deadline in state.period.deadlines.items():
        view = DeadlineView(due=deadline.due_text(), status=deadline.status.value)
        if deadline.note:
            view.note = deadline.note
        recovery = state.period.recovery
        if name is DeadlineName.RECOVERY_PERIOD and recovery:
            view.earliest_eviction_decision = recovery.earliest_eviction_decision.isoformat()
            view.outcome = recovery.outcome.value if recovery.outcome else None
        views[name.value] = view
    return views


def case_view(state: CaseState, now: datetime) -> CaseView:
    """The case as shared/spec/case-json.md prints it, with this project's added keys."""
    period = state.period
    next_deadline = state.next_deadline()
    tasks = open_tasks(state, now)
    decision, follow_up, closure = period.preassessment_decision, period.follow_up, period.closure
    needed = consent_needed_for(state)
    view = CaseView(
        case_id=state.case_id,
        case_number=state.case_number,
        tracks=[track.value for track in state.tracks],
        phase=period.phase.value,
        deadlines=_deadlines(state),
        letters=[
            LetterView(kind=x.kind.value, recipient=x.recipient.value, file=x.file, held=x.held)
            for x in state.letters
        ],
        alerts=[
            AlertView(
                unit=a.unit.value, reason=a.reason, **({"reason_sv": a.reason_sv} if a.reason_sv else {})
            )
            for a in state.alerts
        ],
        notices=[notice.notice_id for notice in state.notices],
        next_deadline=NamedDue(name=next_deadline[0].value, due=next_deadline[1].due_text())
        if next_deadline
        else None,
        open_tasks=[task.en for task in tasks],
        open_tasks_sv=[task.sv for task in tasks],
        district=state.district,
        landlord=state.landlord,
        has_children=state.has_children,
        responsible=ResponsibleView(unit=state.routing.unit, officer=state.routing.officer_name)
        if state.routing
        else None,
        reminders=[ReminderView(topic=r.topic, sent_at=r.sent_at.isoformat()) for r in state.reminders],
        visits=[
            VisitView(
                visit_id=v.visit_id,
                kind=v.kind.value,
                at=_local(v.at),
                with_children_unit=v.with_children_unit,
                status=v.status.value,
                calendar_file=v.calendar_file,
            )
            for v in state.visits
        ],
        contacts=[
            ContactView(
                contact_id=c.contact_id,
                method=c.method.value,
                outcome=c.outcome.value,
                at=_local(c.at),
                by=c.recorded_by,
                personal_contact=c.is_personal_contact,
            )
            for c in state.contacts
        ],
        personally_reached=state.personally_reached(),
        consents=[
            ConsentView(
                consent_id=k.consent_id,
                to=k.recipient.value,
                administration=k.administration,
                purposes=[p.value for p in k.purposes],
                active_purposes=[p.value for p in k.active_purposes()],
                given_on=k.given_on.isoformat(),
                form=k.form.value,
            )
            for k in state.consents
        ],
        preassessment_decision=DecisionView(
            result=decision.result.value,
            subject=decision.subject,
            reason=decision.reason,
            by=decision.decided_by,
        )
        if decision
        else None,
        extension_reason=period.extension.reason.value if period.extension else None,
        interventions=[
            InterventionView(kind=i.kind.value, provider=i.provider, landlord_told=i.landlord_told)
            for i in state.interventions
        ],
        agreements=[
            AgreementView(kind=a.kind.value, agreed_on=a.agreed_on.isoformat()) for a in state.agreements
        ],
        follow_up=FollowUpView(
            offered=follow_up.offer_letter_id is not None,
            subject=follow_up.subject,
            due=follow_up.due_on.isoformat() if follow_up.due_on else None,
            done=follow_up.done_at is not None,
        )
        if follow_up
        else None,
        closure=ClosureView(reason=closure.reason.value, by=closure.closed_by) if closure else None,
        consent_needed_for=[whom.en for whom in needed],
        consent_needed_for_sv=[whom.sv for whom in needed],
        history=[
            EventView(at=_local(e.at), what=e.what, what_sv=event_in_swedish(e.what)) for e in state.events
        ],
    )
    if state.register_check:
        check = state.register_check
        view.register_check = RegisterCheckView(
            registered_at_address=check.registered_at_address,
            other_adults_registered=check.other_adults_registered,
            children_registered=len(check.children_birth_years),
            known_to_social_services=check.known_to_social_services,
            known_in_unit=check.known_in_unit,
            known_in_other_administration=check.known_in_other_administration,
        )
    eviction = period.eviction
    if eviction:
        view.eviction = EvictionView(
            kfm_case_number=eviction.kfm_case_number,
            scheduled_at=_local(eviction.scheduled_at),
            postponements=len(eviction.postponements),
            postponement_requests=[
                PostponementRequestView(
                    reason=r.reason.value,
                    requested_on=r.requested_on.isoformat(),
                    answer=None if r.answer is None else ("granted" if r.answer else "refused"),
                )
                for r in state.postponement_requests
            ],
            outcome=eviction.outcome.value if eviction.outcome else None,
            attended=eviction.attended,
            children_unit_attended=eviction.children_unit_attended,
        )
    if period.recovery:
        view.eviction_barred_for_debt = period.recovery.eviction_barred_for_debt
    return view
