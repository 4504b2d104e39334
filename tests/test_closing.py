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
    check_end_preassessment,
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


def test_a_family_evicted_with_children_closes_only_after_the_childrens_units_follow_up() -> None:
    """Issue 18: after an eviction carried out, `close --reason evicted` was accepted, and the
    children's unit's follow-up was then refused because the case was closed."""
    from domain.actions import CaseClosing
    from domain.closing import apply_follow_up, check_close_case
    from domain.eviction import EvictionOutcome

    state = case(children=[2017])
    state.period.eviction = EvictionDay(
        kfm_case_number="k", scheduled_at=NOW, first_scheduled_at=NOW, outcome=EvictionOutcome.EXECUTED
    )
    closing = CaseClosing(reason=ClosingReason.EVICTED, recorded_by="o")
    assert "the children's unit's follow-up comes first" in refused(check_close_case, state, closing)
    # Nor by ending the preassessment with a closing (found by the truth suite: that door was open).
    state.period.phase = Phase.PREASSESSMENT
    end = PreassessmentEnd(result=PreassessmentResult.CLOSE, reason=ClosingReason.NO_NEED, recorded_by="o")
    assert "the children's unit's follow-up comes first" in refused(check_end_preassessment, state, end)
    child = FollowUpArrangement(subject=FollowUpSubject.CHILD, decided_by_children_unit=True, recorded_by="o")
    check_follow_up(state, child)
    apply_follow_up(state, child, NOW)
    check_close_case(state, closing)  # the child's part is recorded: the case may close
    without_children = case()
    without_children.period.eviction = state.period.eviction
    check_close_case(without_children, closing)


def test_a_follow_up_is_held_when_its_day_has_come() -> None:
    """Issue 18: a contact marked as the follow-up on day 0 closed the case as averted with the
    follow-up booked months ahead."""
    from datetime import timedelta

    from domain.closing import apply_follow_up
    from domain.contact import ContactMethod, ContactOutcome, check_contact
    from tests.casework_factories import contact

    state = case(children=[2017])
    state.period.recovery = RecoveryPeriod(
        served_on=TODAY, notified_on=TODAY, ends_on=TODAY, earliest_eviction_decision=TODAY,
        outcome=RecoveryOutcome.DEBT_SETTLED,
    )  # fmt: skip
    child = FollowUpArrangement(subject=FollowUpSubject.CHILD, decided_by_children_unit=True, recorded_by="o")
    apply_follow_up(state, child, NOW)
    assert state.period.follow_up is not None and state.period.follow_up.due_on is not None
    early = contact(ContactMethod.MEETING, ContactOutcome.REACHED, follow_up=True)
    reason = refused(check_contact, state, early, NOW)
    assert f"the follow-up is due on {state.period.follow_up.due_on.isoformat()}" in reason
    from datetime import datetime

    due = datetime.combine(state.period.follow_up.due_on, NOW.timetz()) + timedelta(hours=1)
    check_contact(state, early.model_copy(update={"at": due}), due)
