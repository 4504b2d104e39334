"""The eviction (PROCESS.md §4): Kronofogden's notice, the same-day confirmation, the eviction
day that postponements move, social services' attendance and the outcome.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.actions import (
    EvictionOutcomeReport,
    PostponementAnswer,
    PostponementGranted,
    PostponementRequestReport,
)
from domain.calendar import add_working_days, closed_day_name
from domain.case import CaseState
from domain.consent import recent_day
from domain.correspondence import AlertUnit, LetterKind, ReminderFacts, ReminderTopic
from domain.deadlines import (
    STOCKHOLM,
    Deadline,
    DeadlineName,
    DeadlineStatus,
    end_of_day,
    eviction_reminders,
    kfm_confirmation_due,
    local_date,
    settle,
)
from domain.effects import Alert, Effect, Remind, SendLetter
from domain.language import Said, refuse
from domain.notices import Notice
from domain.phase import Phase
from domain.records.eviction import (
    EVICTION_TIMERS as EVICTION_TIMERS,
    KFM_LATE as KFM_LATE,
    KFM_LATE_SV as KFM_LATE_SV,
    MAX_POSTPONEMENT as MAX_POSTPONEMENT,
    WORKING_DAYS_TO_RECORD_EVICTION_OUTCOME as WORKING_DAYS_TO_RECORD_EVICTION_OUTCOME,
    EvictionDay as EvictionDay,
    EvictionOutcome as EvictionOutcome,
    Postponement as Postponement,
    PostponementReason as PostponementReason,
    PostponementRequest as PostponementRequest,
)
from domain.timers import Timer, TimerAction, morning_timer, replace_timers
from domain.words import en, sv


def _when(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")


# ---- the confirmation to Kronofogden -------------------------------------------------------


def plan_kfm_confirmation(state: CaseState, notice: Notice, now: datetime) -> None:
    due = kfm_confirmation_due(notice.received_on)
    note = None
    if due.received_on_closed_day:
        reason = closed_day_name(notice.received_on) or "a closed day"
        note = f"received on a closed day ({reason}); due the next working day"
    state.period.deadlines[DeadlineName.KFM_CONFIRMATION] = Deadline(due_on=due.due, note=note)
    state.period.timers.append(
        Timer(
            key=f"kfm-confirmation:{notice.notice_id}",
            at=end_of_day(due.due),
            action=TimerAction.KFM_CONFIRMATION_CHECK,
        )
    )


def kfm_confirmation_sent(state: CaseState, now: datetime) -> list[Effect]:
    """Both letters are committed: judged on the workflow's clock, the durable one."""
    deadline = state.period.deadlines[DeadlineName.KFM_CONFIRMATION]
    assert deadline.due_on is not None
    if deadline.status is not DeadlineStatus.PENDING:
        return []  # settled as missed at the end of its day; the supervisor was alerted then
    if local_date(now) <= deadline.due_on:
        settle(deadline, DeadlineStatus.MET, now)
        return []
    settle(deadline, DeadlineStatus.MISSED, now)
    return [Alert(unit=AlertUnit.SUPERVISOR, reason=KFM_LATE, about_household=False, reason_sv=KFM_LATE_SV)]


def on_kfm_confirmation_check(state: CaseState, now: datetime) -> list[Effect]:
    deadline = state.period.deadlines.get(DeadlineName.KFM_CONFIRMATION)
    if deadline is None or deadline.status is not DeadlineStatus.PENDING:
        return []
    settle(deadline, DeadlineStatus.MISSED, now)
    return [Alert(unit=AlertUnit.SUPERVISOR, reason=KFM_LATE, about_household=False, reason_sv=KFM_LATE_SV)]


# ---- the eviction day ----------------------------------------------------------------------


def plan_eviction(state: CaseState, scheduled_at: datetime, kfm_case_number: str, now: datetime) -> None:
    """The eviction day as a timer that a new date (postponement) replaces."""
    period = state.period
    if period.eviction is None or period.eviction.outcome is not None:
        # A first eviction, or a new one after an earlier one's outcome: a fresh eviction day.
        period.eviction = EvictionDay(
            kfm_case_number=kfm_case_number, scheduled_at=scheduled_at, first_scheduled_at=scheduled_at
        )
    else:
        period.eviction.kfm_case_number = kfm_case_number
        period.eviction.scheduled_at = scheduled_at
    period.deadlines[DeadlineName.EVICTION] = Deadline(due_at=scheduled_at)
    eviction_day = local_date(scheduled_at)
    timers = [
        morning_timer("eviction-reminder", day, TimerAction.EVICTION_REMINDER)
        for day in eviction_reminders(eviction_day, local_date(now))
    ]
    chase_on = add_working_days(eviction_day, WORKING_DAYS_TO_RECORD_EVICTION_OUTCOME)
    timers += [
        Timer(
            key=f"eviction-day:{scheduled_at.isoformat()}", at=scheduled_at, action=TimerAction.EVICTION_DAY
        ),
        morning_timer("eviction-outcome-chase", chase_on, TimerAction.EVICTION_OUTCOME_CHASE),
    ]
    period.timers = replace_timers(period.timers, EVICTION_TIMERS, timers)


def postpone_eviction(state: CaseState, new_at: datetime, reason: str | None, now: datetime) -> None:
    eviction = state.period.eviction
    assert eviction is not None
    eviction.postponements.append(
        Postponement(previous_at=eviction.scheduled_at, new_at=new_at, recorded_at=now, reason=reason)
    )
    plan_eviction(state, new_at, eviction.kfm_case_number, now)
    state.log(now, f"eviction postponed to {new_at.isoformat()}")


def require_eviction_without_outcome(state: CaseState) -> EvictionDay:
    eviction = state.period.eviction
    if eviction is None:
        raise refuse(
            en="this case has no eviction date from Kronofogden",
            sv="ärendet har ingen avhysning från Kronofogden",
        )
    if eviction.outcome is not None:
        raise refuse(
            en="the eviction's outcome is already recorded", sv="utfallet av avhysningen är redan registrerat"
        )
    return eviction


def _moved(new_at: datetime) -> Said:
    moved = new_at.astimezone(STOCKHOLM).isoformat()
    return Said(
        en=f"postponement granted: the eviction moves to {moved}",
        sv=f"anstånd beviljat: avhysningen flyttas till {_when(new_at)}",
    )


def _later_than(eviction: EvictionDay, new_at: datetime) -> None:
    if new_at - eviction.scheduled_at > MAX_POSTPONEMENT:
        raise refuse(
            en="a postponement of more than a year is not one Kronofogden grants: check the date",
            sv="ett anstånd på mer än ett år beviljar inte Kronofogden: kontrollera datumet",
        )
    if new_at <= eviction.scheduled_at:
        raise refuse(
            en="a postponement must move the eviction to a later time",
            sv="ett anstånd måste flytta avhysningen till en senare tidpunkt",
        )
    day = new_at.astimezone(STOCKHOLM).date()
    closed = closed_day_name(day)
    if closed is not None:  # Kronofogden carries out evictions on working days: a typing error
        raise refuse(
            en=f"{day.isoformat()} is not a working day ({closed}): Kronofogden does not evict then; "
            "check the date in Kronofogden's decision",
            sv=f"{day.isoformat()} är inte en arbetsdag ({closed_day_name(day, swedish=True)}): "
            "Kronofogden förrättar inga avhysningar då; kontrollera datumet i Kronofogdens beslut",
        )


# ---- postponements -------------------------------------------------------------------------


def _pending_request(state: CaseState) -> PostponementRequest | None:
    return next((r for r in state.postponement_requests if r.answer is None), None)


def check_postponement_grant(state: CaseState, granted: PostponementGranted) -> None:
    """Kronofogden's grant, recorded directly; `answer_postponement` is the officer's way."""
    _later_than(require_eviction_without_outcome(state), granted.new_scheduled_at)


def apply_postponement_grant(state: CaseState, granted: PostponementGranted, now: datetime) -> Said:
    for request in state.postponement_requests:
        if request.answer is None:
            request.answer, request.answered_at = True, now
    postpone_eviction(state, granted.new_scheduled_at, granted.reason, now)
    moved = granted.new_scheduled_at.astimezone(STOCKHOLM).isoformat()
    return Said(
        en=f"eviction moved to {moved}", sv=f"avhysningen flyttad till {_when(granted.new_scheduled_at)}"
    )


def check_postponement_request(state: CaseState, request: PostponementRequestReport, today: date) -> None:
    state.require_open()
    require_eviction_without_outcome(state)
    recent_day(request.requested_on or today, today, "the day of the request", "Dagen för begäran")
    pending = _pending_request(state)
    if pending is not None:
        raise refuse(
            en=f"the postponement requested on {pending.requested_on.isoformat()} is still waiting for "
            "Kronofogden's answer",
            sv=f"anståndet som begärdes {pending.requested_on.isoformat()} väntar fortfarande på "
            "Kronofogdens svar",
        )


def apply_postponement_request(state: CaseState, request: PostponementRequestReport, now: datetime) -> Said:
    state.postponement_requests.append(
        PostponementRequest(
            reason=request.reason,
            requested_on=request.requested_on or local_date(now),
            recorded_by=request.recorded_by,
        )
    )
    state.log(now, f"postponement requested from Kronofogden: {request.reason.value}")
    return Said(
        en="postponement request recorded; record Kronofogden's answer when it comes",
        sv="begäran om anstånd registrerad; registrera Kronofogdens svar när det kommer",
    )


def postponement_request_letter(state: CaseState, *, true_letters: bool = True) -> list[Effect]:
    """The request goes to Kronofogden as a letter naming its case number and the reason (from
    issue 18 on: `true_letters`; before, the officer wrote to Kronofogden)."""
    return [SendLetter(kind=LetterKind.POSTPONEMENT_REQUEST)] if true_letters else []


def check_postponement_answer(state: CaseState, answer: PostponementAnswer) -> None:
    eviction = require_eviction_without_outcome(state)
    if _pending_request(state) is None:
        raise refuse(
            en="no postponement has been requested from Kronofogden",
            sv="inget anstånd har begärts hos Kronofogden",
        )
    if answer.granted:
        assert answer.new_scheduled_at is not None
        _later_than(eviction, answer.new_scheduled_at)


def apply_postponement_answer(state: CaseState, answer: PostponementAnswer, now: datetime) -> Said:
    request = _pending_request(state)
    assert request is not None
    request.answer = answer.granted
    request.answered_at = now
    if answer.granted:
        assert answer.new_scheduled_at is not None
        postpone_eviction(state, answer.new_scheduled_at, request.reason.value, now)
        return _moved(answer.new_scheduled_at)
    state.log(now, "Kronofogden refused the postponement")
    return Said(
        en="postponement refused: the eviction stays as planned",
        sv="anstånd avslaget: avhysningen blir av som planerat",
    )


# ---- the outcome ---------------------------------------------------------------------------


def check_eviction_outcome(state: CaseState, report: EvictionOutcomeReport, now: datetime) -> None:
    eviction = require_eviction_without_outcome(state)
    early = now < eviction.scheduled_at
    when = _when(eviction.scheduled_at)
    if report.outcome is EvictionOutcome.EXECUTED and early:
        raise refuse(
            en="an eviction cannot be recorded as executed before its date and time",
            sv="en avhysning kan inte registreras som verkställd före sin dag och tid",
        )
    # Keys handed back or a cancelled eviction may come before the day; nobody attends early.
    if early and (report.attended or report.children_unit_attended):
        raise refuse(
            en=f"nobody can have attended an eviction planned for {when} before it took place: record "
            "--not-attended (the keys may well be returned before the day)",
            sv=f"ingen kan ha varit på plats vid en avhysning planerad {when} innan den ägde rum: ange "
            "--not-attended (nycklarna kan mycket väl lämnas tillbaka före dagen)",
        )
    if (
        report.outcome is EvictionOutcome.EXECUTED
        and state.has_children
        and report.children_unit_attended is None
    ):
        raise refuse(
            en="children are affected: record whether the children's unit attended the eviction",
            sv="barn berörs: registrera om enheten för barn och unga var på plats vid avhysningen",
        )


def apply_eviction_outcome(state: CaseState, report: EvictionOutcomeReport, now: datetime) -> Said:
    eviction = state.period.eviction
    assert eviction is not None
    eviction.outcome = report.outcome
    eviction.attended = report.attended
    eviction.children_unit_attended = report.children_unit_attended
    eviction.outcome_recorded_at = now
    averted = report.outcome is not EvictionOutcome.EXECUTED
    settle(
        state.period.deadlines[DeadlineName.EVICTION],
        DeadlineStatus.MET if averted or report.attended else DeadlineStatus.MISSED,
        now,
    )
    for timer in state.period.timers:
        if timer.action in (TimerAction.EVICTION_REMINDER, TimerAction.EVICTION_OUTCOME_CHASE):
            timer.done = True
    # An eviction carried out leads to the follow-up; a preassessment not yet decided stays the
    # phase (its decision is still due, and phase and deadlines agree) from issue 18 on.
    undecided = state.true_letters and state.period.phase is Phase.PREASSESSMENT
    if report.outcome is EvictionOutcome.EXECUTED and not undecided:
        state.period.phase = Phase.FOLLOW_UP
    state.log(now, f"eviction outcome: {report.outcome.value}, attended: {report.attended}")
    return Said(
        en=f"eviction outcome recorded: {en(report.outcome)}",
        sv=f"utfallet av avhysningen registrerat: {sv(report.outcome)}",
    )


# ---- timers and the standing rule ----------------------------------------------------------


def _waiting(state: CaseState) -> EvictionDay | None:
    eviction = state.period.eviction
    return eviction if eviction is not None and eviction.outcome is None else None


def on_eviction_reminder(state: CaseState, now: datetime) -> list[Effect]:
    eviction = _waiting(state)
    if eviction is None:
        return []
    facts = ReminderFacts(eviction_at=eviction.scheduled_at)
    return [Remind(topic=ReminderTopic.EVICTION_SOON, facts=facts)]


def on_eviction_day(state: CaseState, now: datetime) -> list[Effect]:
    return [Remind(topic=ReminderTopic.EVICTION_OUTCOME_NEEDED)] if _waiting(state) else []


def on_eviction_outcome_chase(state: CaseState, now: datetime) -> list[Effect]:
    if _waiting(state) is None:
        return []
    return [
        Alert(
            unit=AlertUnit.SUPERVISOR,
            reason="eviction outcome not recorded",
            about_household=False,
            reason_sv="Avhysningens utfall är inte registrerat: handläggaren behöver registrera det.",
        )
    ]


def children_unit_to_attend(state: CaseState, now: datetime) -> list[Effect]:
    """A family's eviction: the children's unit is told of every eviction time."""
    eviction = _waiting(state)
    if eviction is None or not state.has_children or eviction.children_unit_told_of == eviction.scheduled_at:
        return []
    eviction.children_unit_told_of = eviction.scheduled_at
    return [
        Alert(
            unit=AlertUnit.CHILDREN_UNIT,
            reason=f"attend the eviction on {_when(eviction.scheduled_at)}",
            reason_sv=f"Barn berörs av avhysningen {_when(eviction.scheduled_at)}: enheten för barn och unga "
            "behöver vara på plats.",
        )
    ]
