"""The workflow's logic that is now pure: what a timer does, the standing rules, taking a notice
in, reopening, and a carried state of the old shape. No server."""

from datetime import datetime, timedelta

from hypothesis import given, settings, strategies as st

from activities.reminder_texts import reminder_text
from domain.case import CaseState
from domain.closing import ClosingReason, close
from domain.contact import plan_contact_check
from domain.correspondence import AlertUnit, LetterKind, ReminderTopic
from domain.deadlines import STOCKHOLM, DeadlineName, DeadlineStatus
from domain.effects import Alert, BookHomeVisit, Finish, Remind, SendLetter, Together
from domain.intake import add_notice, open_period, receive_notice
from domain.notices import Notice
from domain.phase import Phase
from domain.recovery_period import RecoveryOutcome
from domain.routing import Routing
from domain.timer_rules import STANDING_RULES, next_due_timer, on_timer
from domain.timers import TimerAction
from tests.factories import make_notice

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=STOCKHOLM)
ROUTING = Routing(unit="Vuxenenheten", officer_id="o-1", officer_name="Handläggare", district=None)


def opened(kind: str = "rent_arrears", **fields: object) -> CaseState:
    """A case as the workflow leaves it after its first notice, without the activities."""
    notice = Notice.model_validate(make_notice(kind, NOW, notice_id="T1", **fields))  # type: ignore[arg-type]
    state = CaseState(case_id="household-t")
    assert receive_notice(state, notice, NOW).status == "opened"
    open_period(state, notice, ROUTING)
    add_notice(state, notice, NOW)
    state.period.phase = Phase.PREASSESSMENT
    return state


def fire(state: CaseState, action: TimerAction) -> list[object]:
    timer = next(t for t in state.period.timers if t.action is action and not t.done)
    timer.done = True
    return list(on_timer(state, timer, timer.at))


def test_the_recovery_period_end_settles_the_deadline_and_reminds_with_its_dates() -> None:
    state = opened()
    [reminder] = fire(state, TimerAction.RECOVERY_PERIOD_END)
    recovery = state.period.recovery
    assert recovery is not None and recovery.outcome is RecoveryOutcome.NOT_SAVED
    assert state.period.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MISSED
    assert isinstance(reminder, Remind) and reminder.topic is ReminderTopic.RECOVERY_PERIOD_ENDED
    assert reminder.facts.earliest_eviction_decision == recovery.earliest_eviction_decision


def test_a_saved_lease_gets_no_reminder_and_no_missed_deadline() -> None:
    state = opened()
    assert state.period.recovery is not None
    state.period.recovery.outcome = RecoveryOutcome.DEBT_SETTLED
    assert fire(state, TimerAction.RECOVERY_REMINDER) == []
    assert fire(state, TimerAction.RECOVERY_PERIOD_END) == []
    assert state.period.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING


def test_the_preassessment_limit_alerts_the_supervisor_without_personal_data() -> None:
    state = opened()
    [alert] = fire(state, TimerAction.PREASSESSMENT_LIMIT)
    assert isinstance(alert, Alert)
    assert (alert.unit, alert.reason, alert.about_household) == (
        AlertUnit.SUPERVISOR,
        "preassessment over four weeks",
        False,
    )
    assert alert.reason_sv.startswith("Förhandsbedömningen har pågått mer än fyra veckor")
    assert state.period.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is DeadlineStatus.MISSED


def test_the_contact_check_books_a_visit_only_while_nobody_reached_the_tenant() -> None:
    state = opened()
    plan_contact_check(state, NOW.date())
    assert fire(state, TimerAction.CONTACT_CHECK) == [BookHomeVisit()]


def test_retention_ends_a_closed_case_only() -> None:
    state = opened()
    close(state, ClosingReason.NO_NEED, "o-1", None, NOW)
    assert fire(state, TimerAction.RETENTION_END) == [Finish()]


def test_timers_fire_once_in_order_of_their_time() -> None:
    state = opened()
    later = NOW + timedelta(days=60)
    fired = []
    while (timer := next_due_timer(state, later)) is not None:
        fired.append(timer.at)
    assert fired == sorted(fired) and len(fired) >= 3
    assert next_due_timer(state, later) is None


def test_the_standing_rules_alert_the_childrens_unit_and_offer_follow_up_once_the_threat_is_over() -> None:
    state = opened(children=[2018])
    effects = [effect for rule in STANDING_RULES for effect in rule(state, NOW)]
    assert isinstance(effects[0], Together)
    [alert] = effects[0].effects
    assert isinstance(alert, Alert) and alert.unit is AlertUnit.CHILDREN_UNIT
    assert alert.reason == "children in household: report of concern"
    assert alert.reason_sv.startswith("Barn bor i ett hushåll som riskerar att vräkas")
    assert SendLetter(kind=LetterKind.FOLLOW_UP_OFFER) not in effects
    assert state.period.recovery is not None
    state.period.recovery.outcome = RecoveryOutcome.DEBT_SETTLED
    assert STANDING_RULES[-1](state, NOW) == [SendLetter(kind=LetterKind.FOLLOW_UP_OFFER)]


def test_a_duplicate_changes_nothing_and_a_new_notice_reopens_a_closed_case_in_one_step() -> None:
    state = opened()
    notice = state.notices[0]
    assert receive_notice(state, notice, NOW).status == "duplicate"
    changed = notice.model_copy(update={"district": "Farsta"})
    assert receive_notice(state, changed, NOW).conflict
    close(state, ClosingReason.NO_NEED, "o-1", None, NOW)
    again = Notice.model_validate(make_notice("disturbance", NOW + timedelta(days=30), notice_id="T2"))
    assert receive_notice(state, again, NOW + timedelta(days=30)).status == "opened"
    assert state.period.phase is Phase.INTAKE and state.period.deadlines == {} and state.period.timers == []
    assert state.period.started_at == NOW + timedelta(days=30)
    assert len(state.notices) == 2  # the household's history stays


def test_a_state_carried_before_the_period_was_a_sub_model_reads_into_the_period() -> None:
    state = opened()
    flat = state.model_dump(mode="json")
    period = flat.pop("period")
    flat.update({key: value for key, value in period.items() if key != "started_at"})
    flat["period_start"] = period["started_at"]
    carried = CaseState.model_validate(flat)
    assert carried.period == state.period
    assert carried.model_dump() == state.model_dump()


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(["rent_arrears", "eviction"]),
    late=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=70)),
)
def test_reminders_read_on_a_late_return_are_true_then_and_none_twice(kind: str, late: timedelta) -> None:
    """No worker ran from NOW until NOW + late: on its return every due timer fires in order
    (issue 21's catch-up), and what the officer reads is true on that day."""
    state = opened(kind)
    back = NOW + late
    reminders: list[Remind] = []
    while (timer := next_due_timer(state, back)) is not None:
        effects = on_timer(state, timer, back, catch_up=True)
        reminders += [effect for effect in effects if isinstance(effect, Remind)]
    texts = [reminder_text(r.topic, r.facts) for r in reminders]
    topics = [r.topic for r in reminders]
    assert len(set(topics)) == len(topics), texts
    today = back.astimezone(STOCKHOLM).date()
    for reminder, text in zip(reminders, texts, strict=True):
        facts = reminder.facts
        if reminder.topic is ReminderTopic.RECOVERY_PERIOD_ENDS_SOON:
            assert facts.recovery_period_end is not None and today <= facts.recovery_period_end, text
        if reminder.topic is ReminderTopic.PREASSESSMENT_GUIDELINE:
            limit = state.period.deadlines[DeadlineName.PREASSESSMENT_LIMIT]
            assert limit.status is DeadlineStatus.PENDING, text  # "senast …" still ahead
        if reminder.topic is ReminderTopic.EVICTION_SOON:
            assert facts.eviction_at is not None and back < facts.eviction_at, text
