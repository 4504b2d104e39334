"""What happens when a timer fires, and which standing rules the case follows after every step.

Both are pure: they change the case's state and return the effects to carry out. The workflow
fires due timers in order, then follows the standing rules one by one, carrying out each rule's
effects before it asks the next (a rule sees what the one before it did).
"""

from collections.abc import Callable
from datetime import datetime

from domain.case import CaseState
from domain.closing import follow_up_offer, follow_up_offer_by_post, on_follow_up_due, on_retention_end
from domain.contact import (
    adult_intake_handover,
    adult_intake_handover_after_ladder,
    on_contact_check,
    on_visit_outcome_check,
)
from domain.effects import Effect, Remind
from domain.eviction import (
    children_unit_to_attend,
    on_eviction_day,
    on_eviction_outcome_chase,
    on_eviction_reminder,
    on_kfm_confirmation_check,
)
from domain.intake import coordinate_with_known_unit, units_to_alert
from domain.phase import Phase
from domain.preassessment import on_preassessment_limit, on_preassessment_reminder
from domain.recovery_period import on_recovery_period_end, on_recovery_reminder
from domain.tenant_address import new_address_needed
from domain.timers import Timer, TimerAction

Rule = Callable[[CaseState, datetime], list[Effect]]

TIMER_RULES: dict[TimerAction, Rule] = {
    TimerAction.RECOVERY_REMINDER: on_recovery_reminder,
    TimerAction.RECOVERY_PERIOD_END: on_recovery_period_end,
    TimerAction.KFM_CONFIRMATION_CHECK: on_kfm_confirmation_check,
    TimerAction.PREASSESSMENT_REMINDER: on_preassessment_reminder,
    TimerAction.PREASSESSMENT_LIMIT: on_preassessment_limit,
    TimerAction.EVICTION_REMINDER: on_eviction_reminder,
    TimerAction.EVICTION_DAY: on_eviction_day,
    TimerAction.EVICTION_OUTCOME_CHASE: on_eviction_outcome_chase,
    TimerAction.CONTACT_CHECK: on_contact_check,
    TimerAction.VISIT_OUTCOME_CHECK: on_visit_outcome_check,
    TimerAction.FOLLOW_UP_DUE: on_follow_up_due,
    TimerAction.RETENTION_END: on_retention_end,
}

# In this order: alerts (children reported later, alerts whose consent came), the children's
# unit to a family's eviction, a single adult out of reach to adult intake, the follow-up offer.
STANDING_RULES: list[Rule] = [units_to_alert, children_unit_to_attend, adult_intake_handover, follow_up_offer]

# From issue 18 on (`TRUE_LETTERS_PATCH`): the officer consults the unit that knows the tenant;
# the handover to adult intake waits until the contact ladder is exhausted; the follow-up offer
# goes only to an address the tenant has, and the officer is asked for a new one.
STANDING_RULES_TRUE: list[Rule] = [
    units_to_alert,
    coordinate_with_known_unit,
    children_unit_to_attend,
    adult_intake_handover_after_ladder,
    new_address_needed,
    follow_up_offer_by_post,
]


def next_due_timer(state: CaseState, now: datetime) -> Timer | None:
    """The earliest timer whose time has come, marked done: it fires once."""
    due = sorted((t for t in state.period.timers if not t.done and t.at <= now), key=lambda t: t.at)
    if not due:
        return None
    due[0].done = True
    return due[0]


# A reminder that fires late (no worker ran for a night, a week) speaks of a moment that may
# have passed: "the recovery period ends on the 28th" once it ended, "the preassessment has run
# 14 days" on day 30. When a timer of one of these kinds is also due, it says what is true now.
SUPERSEDED_BY: dict[TimerAction, frozenset[TimerAction]] = {
    TimerAction.RECOVERY_REMINDER: frozenset(
        {TimerAction.RECOVERY_REMINDER, TimerAction.RECOVERY_PERIOD_END}
    ),
    TimerAction.PREASSESSMENT_REMINDER: frozenset({TimerAction.PREASSESSMENT_LIMIT}),
    TimerAction.EVICTION_REMINDER: frozenset({TimerAction.EVICTION_REMINDER, TimerAction.EVICTION_DAY}),
}


def superseded(state: CaseState, timer: Timer, now: datetime) -> bool:
    """A reminder whose news a later timer, also due now, tells truer (a catch-up)."""
    later = SUPERSEDED_BY.get(timer.action, frozenset())
    return any(
        t is not timer and not t.done and t.at <= now and t.at >= timer.at and t.action in later
        for t in state.period.timers
    )


def on_timer(state: CaseState, timer: Timer, now: datetime, *, catch_up: bool = False) -> list[Effect]:
    """The timer's rule; with `catch_up`, a superseded reminder changes the state as it would
    (a deadline settles) but is not sent: the timer due with it says what is true now."""
    late = catch_up and superseded(state, timer, now)
    effects = TIMER_RULES[timer.action](state, now)
    if late:
        kept: list[Effect] = [effect for effect in effects if not isinstance(effect, Remind)]
        if len(kept) < len(effects):
            state.log(now, f"reminder not sent, late: {timer.action.value} (a later one due now says it)")
        return kept
    return effects


def standing_rules_apply(state: CaseState) -> bool:
    """An open case, past its intake, follows the standing rules."""
    return state.period.phase not in (Phase.INTAKE, Phase.CLOSED)
