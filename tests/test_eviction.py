"""The eviction and the recovery period as notices plan them, and the guards on the outcome,
without a server."""

from datetime import date, datetime, timedelta

import pytest

from domain.actions import EvictionOutcomeReport
from domain.case import CaseState
from domain.deadlines import STOCKHOLM, DeadlineName, DeadlineStatus
from domain.eviction import EvictionOutcome, check_eviction_outcome, plan_eviction, postpone_eviction
from domain.language import ActionRefused
from domain.notices import Notice
from domain.phase import Phase
from domain.recovery_period import plan_recovery_period
from domain.routing import Routing
from domain.timers import TimerAction
from tests.factories import FAMILY

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)
ROUTING = Routing(unit="Vuxenenheten", officer_id="o-1", officer_name="Handläggare", district=None)


def test_a_postponement_replaces_the_eviction_timers_and_keeps_the_others() -> None:
    state = CaseState(case_id="household-x")
    plan_recovery_period(state, Notice.model_validate(FAMILY), NOW)
    first = datetime(2026, 12, 2, 9, 0, tzinfo=STOCKHOLM)
    plan_eviction(state, first, "12-1", NOW)
    postpone_eviction(state, first + timedelta(days=14), "illness", NOW)
    eviction_timers = [t for t in state.timers if t.action is TimerAction.EVICTION_DAY]
    assert [t.at for t in eviction_timers] == [first + timedelta(days=14)]
    reminders = sorted(t.at.date() for t in state.timers if t.action is TimerAction.EVICTION_REMINDER)
    assert reminders == [date(2026, 12, 11), date(2026, 12, 15)]  # 3 and 1 working days before the 16th
    assert any(t.action is TimerAction.RECOVERY_PERIOD_END for t in state.timers)
    assert state.deadlines[DeadlineName.EVICTION].due_at == first + timedelta(days=14)


def test_a_new_eviction_after_an_earlier_outcome_starts_afresh() -> None:
    state = CaseState(case_id="household-x")
    plan_eviction(state, datetime(2026, 12, 2, 9, 0, tzinfo=STOCKHOLM), "12-1", NOW)
    assert state.eviction is not None
    state.eviction.outcome = EvictionOutcome.CANCELLED
    later = datetime(2027, 2, 3, 9, 0, tzinfo=STOCKHOLM)
    plan_eviction(state, later, "12-2", NOW)
    assert state.eviction.outcome is None and state.eviction.kfm_case_number == "12-2"
    assert state.eviction.first_scheduled_at == later
    assert state.deadlines[DeadlineName.EVICTION].status is DeadlineStatus.PENDING


def test_recovery_reminders_already_past_are_dropped() -> None:
    state = CaseState(case_id="household-x")
    late = NOW + timedelta(days=5)  # the period (served 2026-11-13) ends 2026-12-04
    plan_recovery_period(state, Notice.model_validate(FAMILY), late)
    reminder_days = sorted(t.at.date() for t in state.timers if t.action is TimerAction.RECOVERY_REMINDER)
    assert reminder_days == [date(2026, 12, 2)]  # the week-before reminder (11-27) has passed


def test_keys_may_come_back_before_the_day_but_nobody_attends_or_executes_early() -> None:
    state = CaseState(case_id="household-x", phase=Phase.PREASSESSMENT, routing=ROUTING)
    day = datetime(2027, 1, 20, 9, 0, tzinfo=STOCKHOLM)
    plan_eviction(state, day, "12-1", NOW)
    early = NOW  # two months before the day
    keys = EvictionOutcomeReport(outcome=EvictionOutcome.KEYS_RETURNED, attended=False, recorded_by="o")
    check_eviction_outcome(state, keys, early)  # a real way to avert it: allowed
    attended = keys.model_copy(update={"attended": True})
    with pytest.raises(ActionRefused, match="before it took place") as refused:
        check_eviction_outcome(state, attended, early)
    assert "2027-01-20 09.00" in str(refused.value) and "innan den ägde rum" in refused.value.said.sv
    executed = EvictionOutcomeReport(outcome=EvictionOutcome.EXECUTED, attended=True, recorded_by="o")
    with pytest.raises(ActionRefused, match="executed before its date and time"):
        check_eviction_outcome(state, executed, early)
    check_eviction_outcome(state, executed, day + timedelta(hours=1))  # on the day: allowed
    check_eviction_outcome(state, attended, day + timedelta(hours=1))


def test_a_postponement_of_more_than_a_year_is_refused() -> None:
    from domain.actions import PostponementGranted
    from domain.eviction import check_postponement_grant

    state = CaseState(case_id="household-x", phase=Phase.PREASSESSMENT, routing=ROUTING)
    day = datetime(2027, 1, 20, 9, 0, tzinfo=STOCKHOLM)
    plan_eviction(state, day, "12-1", NOW)
    with pytest.raises(ActionRefused, match="more than a year"):
        check_postponement_grant(
            state, PostponementGranted(new_scheduled_at=datetime(2099, 1, 1, tzinfo=STOCKHOLM))
        )
    check_postponement_grant(state, PostponementGranted(new_scheduled_at=day + timedelta(days=30)))


def test_a_new_eviction_time_on_a_closed_day_is_refused_naming_the_day_in_swedish() -> None:
    """Kronofogden evicts on working days: a new time on Easter Monday or a Saturday is a typing
    error, refused with the day's name (issue 18: closed days named where they matter)."""
    from domain.actions import PostponementGranted
    from domain.eviction import check_postponement_grant

    state = CaseState(case_id="household-x", phase=Phase.PREASSESSMENT, routing=ROUTING)
    day = datetime(2027, 1, 20, 9, 0, tzinfo=STOCKHOLM)
    plan_eviction(state, day, "12-1", NOW)
    for closed, name in (
        (datetime(2027, 3, 29, 9, 0), "annandag påsk"),
        (datetime(2027, 1, 23, 9, 0), "lördag"),
    ):
        with pytest.raises(ActionRefused, match="not a working day") as refused:
            check_postponement_grant(
                state, PostponementGranted(new_scheduled_at=closed.replace(tzinfo=STOCKHOLM))
            )
        assert f"är inte en arbetsdag ({name})" in refused.value.said.sv
