"""Case officers' actions and the contact ladder on the time-skipping server: the ladders that
run over weeks, and every guard refusing on a real case without leaving a trace."""

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from temporalio.client import WorkflowUpdateFailedError

from domain.actions import (
    AssignOfficer,
    CaseClosing,
    ConsentWithdrawal,
    ContactReport,
    EvictionOutcomeReport,
    ExtensionReport,
    FollowUpArrangement,
    LandlordFactsReport,
    PaymentCommitmentDecision,
    PostponementAnswer,
    PreassessmentEnd,
    SupportPlan,
)
from domain.calendar import add_working_days, is_working_day, working_days_between
from domain.case import CaseState
from domain.closing import ClosingReason, FollowUpSubject
from domain.consent import ConsentPurpose, ConsentRecipient
from domain.contact import ContactMethod, ContactOutcome, VisitStatus
from domain.correspondence import AlertUnit, LetterKind
from domain.deadlines import STOCKHOLM, DeadlineName, DeadlineStatus, local_date, office_morning
from domain.eviction import EvictionOutcome
from domain.phase import Phase
from domain.preassessment import ExtensionReason, InvestigationSubject, PreassessmentResult
from domain.support import InterventionKind
from domain.timers import TimerAction
from infra.case_client import case_handle
from tests.factories import Tenants, make_notice, unique_tenant
from tests.helpers import Cases, consent, skip_to, until_idle, wait_for
from workflows.household_case import HouseholdCase

tenant = Tenants()  # unique households by name (tests/factories.py)


async def open_case(cases: Cases, kind: str = "rent_arrears", **fields: Any) -> tuple[str, CaseState]:
    now = await cases.now()
    receipt = await cases.submit(make_notice(kind, now, **fields))
    state = await wait_for(cases, receipt.case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    return receipt.case_id, state


async def act(cases: Cases, case_id: str, update: Any, action: Any) -> str:
    ack = await case_handle(cases.client, case_id).execute_update(update, action)
    return str(ack.message)


async def refused(cases: Cases, case_id: str, update: Any, action: Any, reason: str) -> None:
    """The update is refused with `reason`, and the case is exactly as it was."""
    before = (await cases.state(case_id)).model_dump_json()
    with pytest.raises(WorkflowUpdateFailedError) as error:
        await case_handle(cases.client, case_id).execute_update(update, action)
    assert reason in str(error.value.cause)
    assert (await cases.state(case_id)).model_dump_json() == before


def contact(method: ContactMethod, outcome: ContactOutcome, at: datetime, **fields: Any) -> ContactReport:
    return ContactReport(method=method, outcome=outcome, at=at, recorded_by="vas-c-01", **fields)


@pytest.mark.policy(working_days_to_home_visit=10)
async def test_no_contact_for_ten_working_days_leads_to_an_announced_home_visit(cases: Cases) -> None:
    case_id, state = await open_case(cases, notice_id="LADDER-1", **tenant(611))
    opened_on = state.registered_on
    assert opened_on is not None
    # Day 0: the information letter (recorded, not personal contact) and a call to make.
    assert [(c.method, c.outcome, c.automatic) for c in state.contacts] == [
        (ContactMethod.LETTER, ContactOutcome.SENT, True)
    ]
    assert "phone_tenant" in [r.topic for r in state.reminders]

    # Nine working days on: still no letter announcing a visit.
    await skip_to(cases, office_morning(add_working_days(opened_on, 9)) + timedelta(hours=1))
    assert not (await cases.state(case_id)).letters_of(LetterKind.HOME_VISIT_NOTICE)

    # The tenth: the letter, and the visit booked in working hours three working days later.
    await skip_to(cases, office_morning(add_working_days(opened_on, 10)) + timedelta(hours=1))
    state = await wait_for(cases, case_id, lambda s: bool(s.visits) and s.visits[0].calendar_file)
    letter_day = add_working_days(opened_on, 10)
    [visit] = state.visits
    visit_local = visit.at.astimezone(STOCKHOLM)
    assert is_working_day(visit_local.date()) and visit_local.hour == 10
    assert working_days_between(letter_day, visit_local.date()) == 3
    assert visit.status is VisitStatus.BOOKED and not visit.with_children_unit
    assert len(state.letters_of(LetterKind.HOME_VISIT_NOTICE)) == 1
    event = icalendar.Calendar.from_ical(Path(str(visit.calendar_file)).read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == visit.at and "Provgatan 1" in str(event.get("location"))
    assert str(visit.calendar_file).startswith(str(cases.settings.calendar_dir / "vas-c-01"))

    # The visit fails; then only an unannounced visit with a justification is left.
    await skip_to(cases, visit.at + timedelta(hours=2))
    now = await cases.now()
    unannounced = contact(ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.REACHED, now)
    await refused(cases, case_id, HouseholdCase.record_contact, unannounced, "a phone attempt, an announced")
    await act(
        cases,
        case_id,
        HouseholdCase.record_contact,
        contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED, now),
    )
    await act(
        cases,
        case_id,
        HouseholdCase.record_contact,
        contact(ContactMethod.ANNOUNCED_VISIT, ContactOutcome.NOT_REACHED, now),
    )
    await refused(cases, case_id, HouseholdCase.record_contact, unannounced, "needs a recorded justification")
    justified = unannounced.model_copy(
        update={"justification": "No answer to letters, calls or the booked visit"}
    )
    await act(cases, case_id, HouseholdCase.record_contact, justified)
    state = await cases.state(case_id)
    assert [v.status for v in state.visits] == [VisitStatus.NOT_REACHED, VisitStatus.DONE]
    assert state.personally_reached()


async def test_a_family_out_of_reach_gets_a_home_visit_joint_with_the_childrens_unit(cases: Cases) -> None:
    year = (await cases.now()).year  # children by the case's clock, which other tests move on
    case_id, state = await open_case(
        cases, notice_id="LADDER-F", **tenant(612), children=[year - 10, year - 6], phone=None
    )
    assert "phone_tenant" not in [r.topic for r in state.reminders]  # no number known
    assert state.registered_on is not None
    check_on = add_working_days(state.registered_on, state.policy.working_days_to_home_visit)
    await skip_to(cases, office_morning(check_on) + timedelta(hours=1))
    state = await wait_for(cases, case_id, lambda s: len(s.alerts) == 2)
    [visit] = state.visits
    assert visit.with_children_unit
    assert [a.reason.split(" ")[0] for a in state.alerts if a.unit is AlertUnit.CHILDREN_UNIT] == [
        "children",
        "joint",
    ]


async def test_reached_in_time_no_home_visit(cases: Cases) -> None:
    case_id, state = await open_case(cases, notice_id="LADDER-R", **tenant(613))
    [check_at] = [t.at for t in state.timers if t.action is TimerAction.CONTACT_CHECK]
    now = await cases.now()
    await act(
        cases,
        case_id,
        HouseholdCase.record_contact,
        contact(ContactMethod.PHONE, ContactOutcome.REACHED, now),
    )
    await skip_to(cases, check_at + timedelta(days=1))
    state = await cases.state(case_id)
    assert not state.visits and not state.letters_of(LetterKind.HOME_VISIT_NOTICE)


async def test_a_consent_withdrawn_before_the_commitment_letter_blocks_it(cases: Cases) -> None:
    case_id, _ = await open_case(cases, notice_id="CONSENT-W", **tenant(614))
    now = await cases.now()
    await act(
        cases,
        case_id,
        HouseholdCase.record_consent,
        consent(ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION, on=now),
    )
    message = await act(
        cases,
        case_id,
        HouseholdCase.record_consent,
        consent(ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT, on=now),
    )
    consent_id = message.split()[1]
    investigate = PreassessmentEnd(
        result=PreassessmentResult.OPEN_INVESTIGATION,
        subject=InvestigationSubject.ADULT,
        recorded_by="vas-c-01",
    )
    await act(cases, case_id, HouseholdCase.end_preassessment, investigate)
    withdrawal = ConsentWithdrawal(
        consent_id=consent_id, withdrawn_on=local_date(now), recorded_by="vas-c-01"
    )
    await act(cases, case_id, HouseholdCase.withdraw_consent, withdrawal)

    decision = PaymentCommitmentDecision(amount_sek=12000, decided_by="vas-c-01")
    await refused(cases, case_id, HouseholdCase.commit_payment, decision, "for 'payment_commitment' first")
    await cases.env.sleep(timedelta(hours=1))
    state = await cases.state(case_id)
    assert not state.letters_of(LetterKind.PAYMENT_COMMITMENT)
    assert not list((cases.settings.outbox_dir / case_id).glob("*payment_commitment*"))
    assert state.recovery is not None and state.recovery.outcome is None


async def test_every_guard_refuses_with_its_reason_and_leaves_no_trace(cases: Cases) -> None:
    """Each forbidden action on one rent-arrears case, then the allowed way through."""
    case_id, _ = await open_case(cases, notice_id="GUARDS-1", **tenant(615))
    now = await cases.now()
    officer = "vas-c-01"
    cases_to_refuse: list[tuple[Any, Any, str]] = [
        (
            HouseholdCase.assign_officer,
            AssignOfficer(officer_id=officer, officer_name="x", recorded_by="s"),
            "already",
        ),
        (
            HouseholdCase.record_contact,
            contact(ContactMethod.LETTER, ContactOutcome.REACHED, now),
            "not personal contact",
        ),
        (
            HouseholdCase.record_consent,
            consent(ConsentRecipient.CHILDREN_UNIT, ConsentPurpose.PAYMENT_COMMITMENT, on=now),
            "cannot be for payment_commitment",
        ),
        (
            HouseholdCase.withdraw_consent,
            ConsentWithdrawal(consent_id="K404", withdrawn_on=local_date(now), recorded_by=officer),
            "no consent K404",
        ),
        (
            HouseholdCase.end_preassessment,
            PreassessmentEnd(
                result=PreassessmentResult.OPEN_INVESTIGATION,
                subject=InvestigationSubject.ADULT,
                recorded_by=officer,
            ),
            "needs their consent",
        ),
        (
            HouseholdCase.end_preassessment,
            PreassessmentEnd(
                result=PreassessmentResult.CLOSE, reason=ClosingReason.NO_NEED, recorded_by=officer
            ),
            "recovery period runs until",
        ),
        (
            HouseholdCase.plan_support,
            SupportPlan(
                kind=InterventionKind.EVICTION_PREVENTION_TEAM, provider="Vuxenenheten", recorded_by=officer
            ),
            "none may be given during the preassessment",
        ),
        (
            HouseholdCase.commit_payment,
            PaymentCommitmentDecision(amount_sek=5000, decided_by=officer),
            "open an investigation first",
        ),
        (
            HouseholdCase.answer_postponement,
            PostponementAnswer(granted=False, recorded_by=officer),
            "no eviction date",
        ),
        (
            HouseholdCase.record_eviction_outcome,
            EvictionOutcomeReport(outcome=EvictionOutcome.CANCELLED, attended=True, recorded_by=officer),
            "no eviction date",
        ),
        (
            HouseholdCase.arrange_follow_up,
            FollowUpArrangement(subject=FollowUpSubject.ADULT, recorded_by=officer),
            "once the eviction was averted",
        ),
        (
            HouseholdCase.close_case,
            CaseClosing(reason=ClosingReason.OTHER, recorded_by=officer),
            "without an outcome",
        ),
    ]
    for update, action, reason in cases_to_refuse:
        await refused(cases, case_id, update, action, reason)

    # The allowed way: consent, investigation, support told to the landlord with consent.
    await act(
        cases,
        case_id,
        HouseholdCase.record_consent,
        consent(ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION, on=now),
    )
    await act(
        cases,
        case_id,
        HouseholdCase.end_preassessment,
        PreassessmentEnd(
            result=PreassessmentResult.OPEN_INVESTIGATION,
            subject=InvestigationSubject.ADULT,
            recorded_by=officer,
        ),
    )
    told = SupportPlan(
        kind=InterventionKind.RENT_PAYMENT_SECURITY,
        provider="Ekonomiskt bistånd",
        tell_landlord=True,
        recorded_by=officer,
    )
    await refused(cases, case_id, HouseholdCase.plan_support, told, "for 'planned_support' first")
    await act(
        cases,
        case_id,
        HouseholdCase.record_consent,
        consent(ConsentRecipient.LANDLORD, ConsentPurpose.PLANNED_SUPPORT, on=now),
    )
    await act(cases, case_id, HouseholdCase.plan_support, told)
    state = await wait_for(cases, case_id, lambda s: bool(s.letters_of(LetterKind.PLANNED_SUPPORT)))
    assert state.letters_of(LetterKind.PLANNED_SUPPORT)[0].recipient.value == "landlord"
    assert state.phase is Phase.INVESTIGATION
    assert state.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is DeadlineStatus.MET
    await act(
        cases,
        case_id,
        HouseholdCase.assign_officer,
        AssignOfficer(officer_id="vas-c-02", officer_name="Ny", recorded_by="s"),
    )
    assert (await cases.state(case_id)).routing.officer_id == "vas-c-02"  # type: ignore[union-attr]


@pytest.mark.policy(working_days_to_home_visit=3)
async def test_a_single_adult_out_of_reach_before_an_eviction_is_handed_to_adult_intake(cases: Cases) -> None:
    now = await cases.now()
    scheduled = (
        (now + timedelta(days=12)).astimezone(STOCKHOLM).replace(hour=9, minute=0, second=0, microsecond=0)
    )
    case_id, state = await open_case(
        cases, "eviction", notice_id="KFM-S", **tenant(616), scheduled_at=scheduled
    )
    assert not state.alerted(AlertUnit.ADULT_INTAKE_UNIT)
    assert state.registered_on is not None
    await skip_to(cases, office_morning(add_working_days(state.registered_on, 3)) + timedelta(hours=1))
    state = await wait_for(cases, case_id, lambda s: s.alerted(AlertUnit.ADULT_INTAKE_UNIT))
    assert [a.unit for a in state.alerts].count(AlertUnit.ADULT_INTAKE_UNIT) == 1


async def test_an_extension_reason_keeps_a_long_preassessment_from_the_supervisor(cases: Cases) -> None:
    case_id, _ = await open_case(cases, "disturbance", notice_id="EXT-1", **tenant(617))
    await act(
        cases,
        case_id,
        HouseholdCase.record_extension_reason,
        ExtensionReport(reason=ExtensionReason.HARD_TO_REACH, recorded_by="vas-c-01"),
    )
    await cases.env.sleep(timedelta(days=30))
    state = await wait_for(
        cases,
        case_id,
        lambda s: s.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is not DeadlineStatus.PENDING,
    )
    assert state.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is DeadlineStatus.MET
    assert "hard_to_reach" in (state.deadlines[DeadlineName.PREASSESSMENT_LIMIT].note or "")
    assert not state.alerted(AlertUnit.SUPERVISOR)


@pytest.mark.policy(other_administrations=["elderly_care_outreach"])
async def test_elderly_care_under_another_board_hears_of_the_tenant_only_after_consent(cases: Cases) -> None:
    from datetime import date

    case_id, state = await open_case(
        cases, "disturbance", notice_id="OLD-1", **unique_tenant(date(1950, 2, 3))
    )
    assert not state.alerted(AlertUnit.ELDERLY_CARE_OUTREACH)
    assert state.held_alerts == [AlertUnit.ELDERLY_CARE_OUTREACH]
    now = await cases.now()
    await act(
        cases,
        case_id,
        HouseholdCase.record_consent,
        consent(
            ConsentRecipient.ADMINISTRATION, ConsentPurpose.CONTACT, on=now, admin="elderly_care_outreach"
        ),
    )
    state = await wait_for(cases, case_id, lambda s: s.alerted(AlertUnit.ELDERLY_CARE_OUTREACH))
    assert state.held_alerts == []


async def test_an_averted_eviction_is_followed_up_with_consent_after_three_months_then_closes(
    cases: Cases,
) -> None:
    notice = make_notice("rent_arrears", await cases.now(), notice_id="FU-1", **tenant(619))
    receipt = await cases.submit(notice)
    case_id = receipt.case_id
    await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    now = await cases.now()
    facts = LandlordFactsReport(debt_settled_on=local_date(now), recorded_by="vas-c-01")
    await act(cases, case_id, HouseholdCase.record_landlord_facts, facts)
    state = await wait_for(cases, case_id, lambda s: bool(s.letters_of(LetterKind.FOLLOW_UP_OFFER)))
    assert state.follow_up is not None and state.follow_up.due_on is None

    adult = FollowUpArrangement(subject=FollowUpSubject.ADULT, recorded_by="vas-c-01")
    await refused(cases, case_id, HouseholdCase.arrange_follow_up, adult, "needs their consent")
    await act(
        cases,
        case_id,
        HouseholdCase.record_consent,
        consent(ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.FOLLOW_UP, on=now),
    )
    await act(cases, case_id, HouseholdCase.arrange_follow_up, adult)
    state = await cases.state(case_id)
    assert (
        state.phase is Phase.FOLLOW_UP and state.follow_up is not None and state.follow_up.due_on is not None
    )
    # Phase and deadlines agree (issue 18): leaving the preassessment ended its deadlines, so the
    # case in follow-up does not show "next: preassessment".
    for name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
        assert state.deadlines[name].status is DeadlineStatus.MET
    next_deadline = state.next_deadline()
    assert next_deadline is None or next_deadline[0] not in (
        DeadlineName.PREASSESSMENT_REMINDER,
        DeadlineName.PREASSESSMENT_LIMIT,
    )
    assert 89 <= (state.follow_up.due_on - local_date(now)).days <= 96  # three months, on a working day

    await skip_to(cases, office_morning(state.follow_up.due_on) + timedelta(hours=1))
    state = await wait_for(cases, case_id, lambda s: "follow_up_due" in [r.topic for r in s.reminders])
    done = contact(ContactMethod.MEETING, ContactOutcome.REACHED, await cases.now(), follow_up=True)
    assert "the case is closed" in await act(cases, case_id, HouseholdCase.record_contact, done)
    state = await cases.state(case_id)
    assert state.phase is Phase.CLOSED and state.closure is not None
    assert state.closure.reason is ClosingReason.EVICTION_AVERTED
    await refused(cases, case_id, HouseholdCase.record_contact, done, "the case is closed")

    # A closed case still knows its notices; a new one opens a new period in the same case.
    assert (await cases.submit(notice)).status == "duplicate"
    again = make_notice("rent_arrears", await cases.now(), notice_id="FU-2", **tenant(619))
    reopened = await cases.submit(again)
    assert (reopened.status, reopened.case_id) == ("opened", case_id)
    state = await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    assert state.recovery is not None and state.recovery.outcome is None
    assert len(state.letters_of(LetterKind.INFORMATION_LETTER)) == 2


async def test_a_child_the_landlord_reports_reaches_the_childrens_unit(cases: Cases) -> None:
    """Issue 18: `landlord-facts --child-born 2022` for a household the register showed without
    children reached no one."""
    notice = make_notice("rent_arrears", await cases.now(), notice_id="KID-1", children=[], **unique_tenant())
    receipt = await cases.submit(notice)
    case_id = receipt.case_id
    try:
        state = await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)
        assert not state.has_children and not state.alerted(AlertUnit.CHILDREN_UNIT)
        year = (await cases.now()).year - 4
        facts = LandlordFactsReport(children_not_in_register=[year], recorded_by="vas-c-01")
        await act(cases, case_id, HouseholdCase.record_landlord_facts, facts)
        state = await wait_for(cases, case_id, lambda s: s.alerted(AlertUnit.CHILDREN_UNIT))
        assert [a.unit for a in state.alerts].count(AlertUnit.CHILDREN_UNIT) == 1
    finally:
        await until_idle(cases.client, case_id)
        await cases.client.get_workflow_handle(case_id).terminate("test over")
