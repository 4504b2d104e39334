"""What a notice or an officer's action does to a case's deadlines and timers.

Pure functions on `CaseState`; the workflow calls them and then carries out the letters,
alerts and reminders. Timers are keyed by what they are for, so replanning (a postponed
eviction, a new termination) replaces exactly the timers it should.
"""

from datetime import date, datetime

from domain.calendar import add_working_days, closed_day_name
from domain.case import (
    CaseEvent,
    CaseState,
    Deadline,
    DeadlineName,
    DeadlineStatus,
    EvictionDay,
    Postponement,
    RecoveryOutcome,
    RecoveryPeriod,
    Timer,
    TimerAction,
)
from domain.deadlines import (
    earliest_eviction_decision,
    end_of_day,
    eviction_reminders,
    kfm_confirmation_due,
    local_date,
    office_morning,
    preassessment_limit,
    preassessment_reminder,
    recovery_period_end,
    recovery_period_reminders,
)
from domain.notices import ELDERLY_AGE, Notice

WORKING_DAYS_TO_RECORD_EVICTION_OUTCOME = 2


def log(state: CaseState, now: datetime, what: str) -> None:
    """Adds to the case's own history; texts name codes and dates, never personal data."""
    state.events.append(CaseEvent(at=now, what=what))


def _replace_timers(state: CaseState, actions: set[TimerAction], new: list[Timer]) -> None:
    state.timers = [t for t in state.timers if t.done or t.action not in actions] + new


def morning_timer(name: str, day: date, action: TimerAction) -> Timer:
    """A wake-up at the start of office hours on `day`, keyed by what it is for and when."""
    return Timer(key=f"{name}:{day}", at=office_morning(day), action=action)


def settle(deadline: Deadline, status: DeadlineStatus, now: datetime) -> None:
    if deadline.status is DeadlineStatus.PENDING:
        deadline.status = status
        deadline.settled_at = now


def plan_preassessment(state: CaseState, registered_on: date) -> None:
    state.registered_on = registered_on
    reminder_on = preassessment_reminder(registered_on)
    limit_on = preassessment_limit(registered_on)
    state.deadlines[DeadlineName.PREASSESSMENT_REMINDER] = Deadline(due_on=reminder_on)
    state.deadlines[DeadlineName.PREASSESSMENT_LIMIT] = Deadline(due_on=limit_on)
    state.timers += [
        morning_timer("preassessment-reminder", reminder_on, TimerAction.PREASSESSMENT_REMINDER),
        morning_timer("preassessment-limit", limit_on, TimerAction.PREASSESSMENT_LIMIT),
    ]


def plan_recovery_period(state: CaseState, notice: Notice, now: datetime) -> None:
    """A termination for unpaid rent: the recovery period, its reminders and its end."""
    arrears = notice.rent_arrears
    assert arrears is not None
    ends_on = recovery_period_end(arrears.served_on, arrears.social_services_notified_on)
    state.recovery = RecoveryPeriod(
        served_on=arrears.served_on,
        notified_on=arrears.social_services_notified_on,
        ends_on=ends_on,
        earliest_eviction_decision=earliest_eviction_decision(ends_on),
        debt_sek=arrears.debt_sek,
    )
    state.deadlines[DeadlineName.RECOVERY_PERIOD] = Deadline(due_on=ends_on)
    timers = [
        morning_timer("recovery-reminder", day, TimerAction.RECOVERY_REMINDER)
        for day in recovery_period_reminders(ends_on, local_date(now))
    ]
    timers.append(
        Timer(
            key=f"recovery-end:{ends_on}",
            at=end_of_day(ends_on),
            action=TimerAction.RECOVERY_PERIOD_END,
        )
    )
    _replace_timers(state, {TimerAction.RECOVERY_REMINDER, TimerAction.RECOVERY_PERIOD_END}, timers)
    log(state, now, f"recovery period runs until {ends_on}")


def plan_kfm_confirmation(state: CaseState, notice: Notice, now: datetime) -> None:
    due = kfm_confirmation_due(notice.received_on)
    note = None
    if due.received_on_closed_day:
        reason = closed_day_name(notice.received_on) or "a closed day"
        note = f"received on a closed day ({reason}); due the next working day"
    state.deadlines[DeadlineName.KFM_CONFIRMATION] = Deadline(due_on=due.due, note=note)
    state.timers.append(
        Timer(
            key=f"kfm-confirmation:{notice.notice_id}",
            at=end_of_day(due.due),
            action=TimerAction.KFM_CONFIRMATION_CHECK,
        )
    )


def plan_eviction(state: CaseState, scheduled_at: datetime, kfm_case_number: str, now: datetime) -> None:
    """The eviction day as a timer that a new date (postponement) replaces."""
    if state.eviction is None or state.eviction.outcome is not None:
        # A first eviction, or a new one after an earlier one's outcome: a fresh eviction day.
        state.eviction = EvictionDay(
            kfm_case_number=kfm_case_number,
            scheduled_at=scheduled_at,
            first_scheduled_at=scheduled_at,
        )
    else:
        state.eviction.kfm_case_number = kfm_case_number
        state.eviction.scheduled_at = scheduled_at
    state.deadlines[DeadlineName.EVICTION] = Deadline(due_at=scheduled_at)
    eviction_day = local_date(scheduled_at)
    timers = [
        morning_timer("eviction-reminder", day, TimerAction.EVICTION_REMINDER)
        for day in eviction_reminders(eviction_day, local_date(now))
    ]
    chase_on = add_working_days(eviction_day, WORKING_DAYS_TO_RECORD_EVICTION_OUTCOME)
    timers += [
        Timer(
            key=f"eviction-day:{scheduled_at.isoformat()}",
            at=scheduled_at,
            action=TimerAction.EVICTION_DAY,
        ),
        morning_timer("eviction-outcome-chase", chase_on, TimerAction.EVICTION_OUTCOME_CHASE),
    ]
    _replace_timers(
        state,
        {
            TimerAction.EVICTION_REMINDER,
            TimerAction.EVICTION_DAY,
            TimerAction.EVICTION_OUTCOME_CHASE,
        },
        timers,
    )


def postpone_eviction(state: CaseState, new_at: datetime, reason: str | None, now: datetime) -> None:
    assert state.eviction is not None
    state.eviction.postponements.append(
        Postponement(previous_at=state.eviction.scheduled_at, new_at=new_at, recorded_at=now, reason=reason)
    )
    plan_eviction(state, new_at, state.eviction.kfm_case_number, now)
    log(state, now, f"eviction postponed to {new_at.isoformat()}")


def record_recovery_outcome(
    state: CaseState,
    outcome: RecoveryOutcome,
    now: datetime,
    *,
    happened_on: date,
    amount_sek: float | None = None,
) -> None:
    """The debt was paid, or a commitment given, on `happened_on`: in time or not.

    Recorded after the period ended (the end already marked it missed), a payment made in
    time still counts: the status follows the day it happened, not the day it was recorded.
    """
    assert state.recovery is not None
    state.recovery.outcome = outcome
    state.recovery.outcome_recorded_at = now
    state.recovery.commitment_amount_sek = amount_sek
    in_time = happened_on <= state.recovery.ends_on
    deadline = state.deadlines[DeadlineName.RECOVERY_PERIOD]
    deadline.status = DeadlineStatus.MET if in_time else DeadlineStatus.MISSED
    deadline.settled_at = now
    log(state, now, f"recovery period outcome: {outcome.value} on {happened_on}")


def tenant_is_elderly(state: CaseState) -> bool:
    return state.tenant_age is not None and state.tenant_age >= ELDERLY_AGE


def merge_children(state: CaseState, notice: Notice) -> None:
    """Children from every notice count; 'not given' never erases what an earlier one said."""
    years = notice.children_birth_years()
    if years is None:
        return
    state.children_birth_years = sorted(set(state.children_birth_years or []) | set(years))
