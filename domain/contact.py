"""Contact with the tenant and the contact ladder (PROCESS.md §3 step 6, §5): letter and phone
first, then an announced home visit, an unannounced one only after all of those failed, and a
handover to the adult intake unit when a single adult cannot be reached and the case moves
towards eviction. A letter is never personal contact.
"""

from __future__ import annotations

from datetime import date, datetime, time

from domain.actions import ContactReport
from domain.calendar import add_working_days
from domain.case import CaseState
from domain.closing import close, closing_reason_after_follow_up
from domain.correspondence import AlertUnit, ReminderTopic
from domain.deadlines import STOCKHOLM, local_date, office_morning
from domain.effects import Alert, BookHomeVisit, Effect, Remind
from domain.language import Said, refuse
from domain.notices import Notice
from domain.phase import Phase
from domain.policy import CasePolicy
from domain.records.contact import (
    CLOCK_SLACK as CLOCK_SLACK,
    VISIT_LENGTH_MINUTES as VISIT_LENGTH_MINUTES,
    ContactAttempt as ContactAttempt,
    ContactMethod as ContactMethod,
    ContactOutcome as ContactOutcome,
    HomeVisit as HomeVisit,
    VisitKind as VisitKind,
    VisitStatus as VisitStatus,
)
from domain.recovery_period import RecoveryOutcome
from domain.tenant_address import tenant_left_home
from domain.timers import Timer, TimerAction, morning_timer
from domain.words import en, sv


def check_contact(state: CaseState, report: ContactReport, now: datetime) -> None:
    state.require_open()
    at = report.at or now
    if at > now + CLOCK_SLACK:
        raise refuse(
            en="a contact cannot be recorded for a time still to come",
            sv="en kontakt kan inte registreras för en tidpunkt som ännu inte har kommit",
        )
    if state.period.started_at is not None and at < state.period.started_at:
        raise refuse(en="that time is before the case was opened", sv="den tidpunkten är före ärendets start")
    if report.method is ContactMethod.LETTER and report.outcome is not ContactOutcome.SENT:
        raise refuse(
            en="a letter alone is not personal contact: record the letter as 'sent', and the call, "
            "meeting or visit that followed as a contact of its own",
            sv="ett brev är aldrig personlig kontakt: registrera brevet som skickat, och samtalet, mötet "
            "eller besöket som följde som en egen kontakt",
        )
    if report.method is not ContactMethod.LETTER and report.outcome is ContactOutcome.SENT:
        raise refuse(
            en="'sent' is only for letters; say whether the tenant was reached",
            sv="'skickat' gäller bara brev; ange om hyresgästen nåddes",
        )
    if report.method is ContactMethod.ANNOUNCED_VISIT:
        check_announced_visit(state, at)
    if report.method is ContactMethod.UNANNOUNCED_VISIT:
        missing = unannounced_visit_missing(state)
        if missing:
            missing_sv = [MISSING_SV[item] for item in missing]
            raise refuse(
                en="an unannounced home visit is allowed only after a letter, a phone attempt and an "
                f"announced visit have all failed; not yet failed: {', '.join(missing)}",
                sv="ett oanmält hembesök får göras först när brev, telefonförsök och aviserat hembesök "
                f"alla har misslyckats; ännu inte försökt: {', '.join(missing_sv)}",
            )
        if not report.justification or len(report.justification.strip()) < 10:
            raise refuse(
                en="an unannounced home visit needs a recorded justification: why the intrusion is "
                "acceptable in this case",
                sv="ett oanmält hembesök kräver en dokumenterad motivering: varför intrånget är "
                "befogat i just detta ärende",
            )
    if report.follow_up:
        follow_up = state.period.follow_up
        if follow_up is None or follow_up.due_on is None:
            raise refuse(
                en="no follow-up has been arranged in this case", sv="ingen uppföljning är ordnad i ärendet"
            )
        if follow_up.done_at is not None:
            raise refuse(en="the follow-up is already recorded", sv="uppföljningen är redan registrerad")
        if local_date(at) < follow_up.due_on:
            day = follow_up.due_on.isoformat()
            raise refuse(
                en=f"the follow-up is due on {day}: it is held on or after that day, and closes the case "
                "then",
                sv=f"uppföljningen ska göras {day}: den registreras den dagen eller senare, och avslutar "
                "då ärendet",
            )


def apply_contact(state: CaseState, report: ContactReport, now: datetime) -> Said:
    """Records the attempt; the arranged follow-up, when it reaches the tenant, closes the case."""
    contact = ContactAttempt(
        contact_id=state.next_id("C"),
        method=report.method,
        outcome=report.outcome,
        at=report.at or now,
        recorded_by=report.recorded_by,
        justification=report.justification,
        note=report.note,
        follow_up=report.follow_up,
    )
    due = announced_visits_due(state, contact.at)
    if report.method is ContactMethod.ANNOUNCED_VISIT and (due or state.booked_visits()):
        visit = min(due or state.booked_visits(), key=lambda v: v.at)
        visit.status = VisitStatus.DONE if contact.is_personal_contact else VisitStatus.NOT_REACHED
        contact.visit_id = visit.visit_id
    elif report.method is ContactMethod.UNANNOUNCED_VISIT:
        visit = HomeVisit(
            visit_id=state.next_id("V"),
            kind=VisitKind.UNANNOUNCED,
            at=contact.at,
            with_children_unit=children_unit_joins(state),
            status=VisitStatus.DONE if contact.is_personal_contact else VisitStatus.NOT_REACHED,
        )
        state.visits.append(visit)
        contact.visit_id = visit.visit_id
    state.contacts.append(contact)
    state.log(now, f"contact {contact.contact_id}: {report.method.value}, {report.outcome.value}")
    follow_up = state.period.follow_up
    if report.follow_up and contact.is_personal_contact and follow_up is not None:
        follow_up.done_at = now
        reason = closing_reason_after_follow_up(state)
        close(state, reason, report.recorded_by, None, now)
        return Said(
            en=f"follow-up recorded; the case is closed ({en(reason)})",
            sv=f"uppföljningen registrerad; ärendet är avslutat ({sv(reason)})",
        )
    return Said(
        en=f"contact recorded: {en(report.method)}, {en(report.outcome)}",
        sv=f"kontakten registrerad: {sv(report.method)}, {sv(report.outcome)}",
    )


# Who "recorded" a letter the case sent by itself: not an officer (the printout says so in words).
SENT_BY_THE_CASE = "case"


def record_automatic_letter(state: CaseState, letter_id: str, now: datetime) -> None:
    """A letter the case sent the tenant counts as a (non-personal) contact attempt."""
    state.contacts.append(
        ContactAttempt(
            contact_id=state.next_id("C"),
            method=ContactMethod.LETTER,
            outcome=ContactOutcome.SENT,
            at=now,
            recorded_by=SENT_BY_THE_CASE,
            note=letter_id,
            automatic=True,
        )
    )


def announced_visits_due(state: CaseState, at: datetime) -> list[HomeVisit]:
    """The booked visits the case announced (their letter went) whose time has come by `at`."""
    letters = {letter.letter_id for letter in state.letters if not letter.held}
    return [
        visit
        for visit in state.booked_visits()
        if visit.kind is VisitKind.ANNOUNCED and visit.letter_id in letters and visit.at <= at + CLOCK_SLACK
    ]


def check_announced_visit(state: CaseState, at: datetime) -> None:
    """An announced visit is one the case booked and announced by letter, and whose time has
    come: the officer's word alone makes none (the ladder rests on what the case recorded)."""
    if announced_visits_due(state, at):
        return
    booked = [v for v in state.booked_visits() if v.kind is VisitKind.ANNOUNCED]
    if booked:
        when = min(v.at for v in booked).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")
        raise refuse(
            en=f"the announced home visit is booked for {when}: record its outcome once it has taken place",
            sv=f"det aviserade hembesöket är bokat till {when}: registrera utfallet när det har ägt rum",
        )
    raise refuse(
        en="no announced home visit is booked in this case: the case books one, and announces it by "
        "letter, when personal contact has failed by the contact check",
        sv="inget aviserat hembesök är bokat i ärendet: ärendet bokar ett, och aviserar det med brev, "
        "när personlig kontakt inte har nåtts vid kontrollen",
    )


MISSING_SV = {
    "a letter": "brev",
    "a phone attempt": "telefonförsök",
    "an announced home visit": "aviserat hembesök",
}


def unannounced_visit_missing(state: CaseState) -> list[str]:
    """What must have failed, since the tenant was last reached, before an unannounced visit."""
    contacts = state.contacts_this_period()
    last_reached = max((c.at for c in contacts if c.is_personal_contact), default=None)
    since = [c for c in contacts if last_reached is None or c.at > last_reached]
    missing = []
    if not any(c.method is ContactMethod.LETTER for c in since):
        missing.append("a letter")
    if not any(c.method is ContactMethod.PHONE and c.failed for c in since):
        missing.append("a phone attempt")
    if not any(c.method is ContactMethod.ANNOUNCED_VISIT and c.failed for c in since):
        missing.append("an announced home visit")
    return missing


# ---- the ladder ----------------------------------------------------------------------------


def start_contact_ladder(state: CaseState, notice: Notice, letter_id: str, now: datetime) -> list[Effect]:
    """Day 0: the information letter (not personal contact) and, with a number, a call."""
    record_automatic_letter(state, letter_id, now)
    plan_contact_check(state, local_date(now))
    return [Remind(topic=ReminderTopic.PHONE_TENANT)] if notice.tenant.phone else []


def plan_contact_check(state: CaseState, registered_on: date) -> date:
    """The morning the case checks for personal contact, a set number of working days on."""
    check_on = add_working_days(registered_on, state.policy.working_days_to_home_visit)
    state.period.timers.append(
        Timer(key=f"contact-check:{check_on}", at=office_morning(check_on), action=TimerAction.CONTACT_CHECK)
    )
    return check_on


def home_visit_slot(letter_on: date, policy: CasePolicy) -> datetime:
    """Working hours on a working day, at least the policy's working days after the letter."""
    day = add_working_days(letter_on, policy.working_days_letter_to_visit)
    return datetime.combine(day, time(policy.visit_hour, 0), tzinfo=STOCKHOLM)


def home_visit_needed(state: CaseState) -> bool:
    """No personal contact yet, and no visit booked: the letter alone did not do it. Never at a
    home the tenant has left (issue 18)."""
    return (
        state.period.phase in (Phase.PREASSESSMENT, Phase.INVESTIGATION)
        and not state.personally_reached()
        and not state.booked_visits()
        and not (state.true_letters and tenant_left_home(state))
    )


def children_unit_joins(state: CaseState) -> bool:
    """The children's unit joins a visit only where a report of concern (or an expressed
    concern) exists; for a family the case files that report at intake."""
    return state.has_children and state.alerted(AlertUnit.CHILDREN_UNIT)


def on_contact_check(state: CaseState, now: datetime) -> list[Effect]:
    return [BookHomeVisit()] if home_visit_needed(state) else []


def plan_home_visit(state: CaseState, now: datetime) -> HomeVisit:
    """The announced visit, booked in the case before its letter and calendar entry go."""
    visit = HomeVisit(
        visit_id=state.next_id("V"),
        kind=VisitKind.ANNOUNCED,
        at=home_visit_slot(local_date(now), state.policy),
        with_children_unit=children_unit_joins(state),
    )
    state.visits.append(visit)
    return visit


def home_visit_announced(
    state: CaseState, visit: HomeVisit, letter_id: str, calendar_file: str | None, now: datetime
) -> list[Effect]:
    """The letter and the calendar entry went: the visit's outcome is checked the next working day."""
    visit.letter_id = letter_id
    visit.calendar_file = calendar_file
    record_automatic_letter(state, letter_id, now)
    state.period.timers.append(
        morning_timer(
            f"visit-outcome:{visit.visit_id}",
            add_working_days(local_date(visit.at), 1),
            TimerAction.VISIT_OUTCOME_CHECK,
        )
    )
    state.log(now, f"no personal contact: home visit {visit.visit_id} announced for {visit.at.isoformat()}")
    if not visit.with_children_unit:
        return []
    when = visit.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")
    return [
        Alert(
            unit=AlertUnit.CHILDREN_UNIT,
            reason=f"joint home visit booked for {when}",
            reason_sv=f"Ett gemensamt hembesök är bokat {when}: enheten för barn och unga följer med.",
        )
    ]


def on_visit_outcome_check(state: CaseState, now: datetime) -> list[Effect]:
    if any(visit.status is VisitStatus.BOOKED and visit.at <= now for visit in state.visits):
        return [Remind(topic=ReminderTopic.HOME_VISIT_OUTCOME_NEEDED)]
    return []


# ---- single adults out of reach ------------------------------------------------------------


def single_adult(state: CaseState) -> bool:
    check = state.register_check
    return not state.has_children and (check is None or not check.other_adults_registered)


def moving_towards_eviction(state: CaseState) -> bool:
    period = state.period
    if period.eviction is not None and period.eviction.outcome is None:
        return True
    return period.recovery is not None and period.recovery.outcome is RecoveryOutcome.NOT_SAVED


def contact_failed(state: CaseState) -> bool:
    """Personal contact was tried and did not happen: an attempt beyond letters failed, or the
    ladder's check found no contact."""
    tried = any(c.method is not ContactMethod.LETTER and c.failed for c in state.contacts_this_period())
    checked = any(t.action is TimerAction.CONTACT_CHECK and t.done for t in state.period.timers)
    return (tried or checked) and not state.personally_reached()


def adult_intake_handover_due(state: CaseState) -> bool:
    """The Stockholm plan: a single adult out of reach while the case moves towards eviction."""
    return (
        state.period.phase in (Phase.PREASSESSMENT, Phase.INVESTIGATION)
        and single_adult(state)
        and moving_towards_eviction(state)
        and contact_failed(state)
        and not state.period.handed_over_to_adult_intake
    )


def contact_ladder_exhausted(state: CaseState) -> bool:
    """Every step of the contact ladder was taken and none reached the tenant: the letter went,
    the check found no personal contact and booked the announced visit, or a visit failed. One
    unanswered call minutes after intake is not that (issue 18)."""
    visited = bool(state.visits) or any(
        c.method in (ContactMethod.ANNOUNCED_VISIT, ContactMethod.UNANNOUNCED_VISIT) and c.failed
        for c in state.contacts_this_period()
    )
    checked = any(t.action is TimerAction.CONTACT_CHECK and t.done for t in state.period.timers)
    return (visited or checked) and not state.personally_reached()


def adult_intake_handover_after_ladder(state: CaseState, now: datetime) -> list[Effect]:
    """The standing rule as it reads from issue 18 on: the handover waits for the ladder."""
    if not contact_ladder_exhausted(state):
        return []
    return adult_intake_handover(state, now)


def adult_intake_handover(state: CaseState, now: datetime) -> list[Effect]:
    """The standing rule: hand the single adult out of reach to the adult intake unit, once."""
    if not adult_intake_handover_due(state):
        return []
    state.period.handed_over_to_adult_intake = True
    state.log(now, "no contact with a single adult before eviction: handed to adult intake")
    return [
        Alert(
            unit=AlertUnit.ADULT_INTAKE_UNIT,
            reason="no contact with a single adult; the case moves towards eviction",
            reason_sv="Socialtjänsten har inte nått den ensamstående vuxna hyresgästen, och ärendet går "
            "mot avhysning: vuxenenhetens mottagning tar över kontaktförsöken.",
        )
    ]
