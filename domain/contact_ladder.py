"""The contact ladder (PROCESS.md §3 step 6, §5): letter and phone first, then an announced
home visit, an unannounced one only after all of those failed, and a handover to the adult
intake unit when a single adult cannot be reached and the case moves towards eviction.

Pure functions on `CaseState`; the workflow fires the timers and sends what they decide.
"""

from datetime import date, datetime, time

from domain.calendar import add_working_days
from domain.case import AlertUnit, CaseState, Phase, RecoveryOutcome, Timer, TimerAction
from domain.casework import CasePolicy, ContactMethod
from domain.deadlines import STOCKHOLM, office_morning

VISIT_LENGTH_MINUTES = 60


def plan_contact_check(state: CaseState, registered_on: date) -> date:
    """The morning the case checks for personal contact, a set number of working days on."""
    check_on = add_working_days(registered_on, state.policy.working_days_to_home_visit)
    state.timers.append(
        Timer(key=f"contact-check:{check_on}", at=office_morning(check_on), action=TimerAction.CONTACT_CHECK)
    )
    return check_on


def home_visit_slot(letter_on: date, policy: CasePolicy) -> datetime:
    """Working hours on a working day, at least the policy's working days after the letter."""
    day = add_working_days(letter_on, policy.working_days_letter_to_visit)
    return datetime.combine(day, time(policy.visit_hour, 0), tzinfo=STOCKHOLM)


def home_visit_needed(state: CaseState) -> bool:
    """No personal contact yet, and no visit booked: the letter alone did not do it."""
    return (
        state.phase in (Phase.PREASSESSMENT, Phase.INVESTIGATION)
        and not state.personally_reached()
        and not state.booked_visits()
    )


def children_unit_joins(state: CaseState) -> bool:
    """The children's unit joins a visit only where a report of concern (or an expressed
    concern) exists; for a family the case files that report at intake."""
    return state.has_children and state.alerted(AlertUnit.CHILDREN_UNIT)


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


def single_adult(state: CaseState) -> bool:
    check = state.register_check
    return not state.has_children and (check is None or not check.other_adults_registered)


def moving_towards_eviction(state: CaseState) -> bool:
    if state.eviction is not None and state.eviction.outcome is None:
        return True
    return state.recovery is not None and state.recovery.outcome is RecoveryOutcome.NOT_SAVED


def contact_failed(state: CaseState) -> bool:
    """Personal contact was tried and did not happen: an attempt beyond letters failed, or the
    ladder's check found no contact."""
    tried = any(c.method is not ContactMethod.LETTER and c.failed for c in state.contacts_this_period())
    checked = any(t.action is TimerAction.CONTACT_CHECK and t.done for t in state.timers)
    return (tried or checked) and not state.personally_reached()


def adult_intake_handover_due(state: CaseState) -> bool:
    """The Stockholm plan: a single adult out of reach while the case moves towards eviction."""
    return (
        state.phase in (Phase.PREASSESSMENT, Phase.INVESTIGATION)
        and single_adult(state)
        and moving_towards_eviction(state)
        and contact_failed(state)
        and not state.handed_over_to_adult_intake
    )
