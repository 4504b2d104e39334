"""Closing and follow-up (domain/closing.py), without a server."""

from domain.actions import (
    FollowUpArrangement,
    PreassessmentEnd,
)
from domain.closing import ClosingReason, FollowUpSubject, check_close, check_follow_up
from domain.eviction import EvictionDay
from domain.phase import Phase
from domain.preassessment import (
    PreassessmentResult,
    apply_end_preassessment,
)
from domain.recovery_period import (
    RecoveryOutcome,
    RecoveryPeriod,
)
from tests.casework_factories import NOW, TODAY, case, refused


def test_a_case_does_not_close_over_an_open_legal_deadline() -> None:
    state = case()
    state.period.eviction = EvictionDay(kfm_case_number="k", scheduled_at=NOW, first_scheduled_at=NOW)
    assert "social services attend evictions" in refused(check_close, state)
    state.period.eviction = None
    state.period.recovery = RecoveryPeriod(
        served_on=TODAY, notified_on=TODAY, ends_on=TODAY, earliest_eviction_decision=TODAY
    )
    assert "without an outcome" in refused(check_close, state)
    assert state.recovery is not None
    state.recovery.outcome = RecoveryOutcome.DEBT_SETTLED
    check_close(state)
    closing = PreassessmentEnd(
        result=PreassessmentResult.CLOSE, reason=ClosingReason.DEBT_SETTLED, recorded_by="o"
    )
    apply_end_preassessment(state, closing, NOW)
    assert state.phase is Phase.CLOSED and state.closure is not None


def test_follow_up_of_an_adult_needs_consent_of_a_child_the_childrens_unit() -> None:
    state = case(children=[2017])
    adult = FollowUpArrangement(subject=FollowUpSubject.ADULT, recorded_by="o")
    assert "once the eviction was averted" in refused(check_follow_up, state, adult)
    state.period.recovery = RecoveryPeriod(
        served_on=TODAY,
        notified_on=TODAY,
        ends_on=TODAY,
        earliest_eviction_decision=TODAY,
        outcome=RecoveryOutcome.DEBT_SETTLED,
    )
    assert "needs their consent" in refused(check_follow_up, state, adult)
    child = FollowUpArrangement(subject=FollowUpSubject.CHILD, recorded_by="o")
    assert "only the children's unit" in refused(check_follow_up, state, child)
    check_follow_up(state, child.model_copy(update={"decided_by_children_unit": True}))
