"""The law's guards on case officers' actions, without a server: each allowed path works, each
forbidden one is refused with a reason an officer understands and changes nothing."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bench.notice_factory import make_notice
from domain.actions import (
    ConsentGiven,
    ConsentWithdrawal,
    ContactReport,
    FollowUpArrangement,
    LandlordFactsReport,
    PaymentCommitmentDecision,
    PreassessmentEnd,
    SupportPlan,
)
from domain.calendar import is_working_day, working_days_between
from domain.case import CaseState
from domain.closing import ClosingReason, FollowUpSubject, check_close, check_follow_up
from domain.consent import (
    ConsentForm,
    ConsentPurpose,
    ConsentRecipient,
    alert_needs_consent,
    apply_consent,
    apply_withdrawal,
    check_consent,
    check_withdrawal,
)
from domain.contact import (
    ContactMethod,
    ContactOutcome,
    adult_intake_handover_due,
    apply_contact,
    check_contact,
    home_visit_slot,
    record_automatic_letter,
)
from domain.correspondence import AlertUnit
from domain.deadlines import STOCKHOLM, Deadline, DeadlineName, DeadlineStatus
from domain.eviction import EvictionDay
from domain.intake import merge_children
from domain.language import ActionRefused
from domain.notices import Notice
from domain.phase import Phase
from domain.policy import CasePolicy
from domain.preassessment import (
    InvestigationSubject,
    PreassessmentResult,
    apply_end_preassessment,
    check_end_preassessment,
)
from domain.recovery_period import (
    RecoveryOutcome,
    RecoveryPeriod,
    check_payment_commitment,
    record_recovery_outcome,
    undo_unsent_commitment,
)
from domain.routing import Routing
from domain.support import InterventionKind, check_landlord_facts, check_support

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()


def case(kind: str = "rent_arrears", **notice_fields: Any) -> CaseState:
    notice = Notice.model_validate(
        make_notice(kind, NOW - timedelta(days=3), notice_id="N1", **notice_fields)
    )
    state = CaseState(
        case_id="household-test",
        phase=Phase.PREASSESSMENT,
        notices=[notice],
        routing=Routing(unit="Vuxenenheten", officer_id="o-1", officer_name="Handläggare", district=None),
        period_start=NOW - timedelta(days=3),
    )
    merge_children(state, notice)
    return state


def consent(
    state: CaseState, recipient: ConsentRecipient, *purposes: ConsentPurpose, admin: str | None = None
) -> str:
    given = ConsentGiven(
        recipient=recipient,
        administration=admin,
        purposes=list(purposes),
        given_on=TODAY,
        form=ConsentForm.WRITTEN,
        recorded_by="o-1",
    )
    check_consent(state, given, TODAY)
    return apply_consent(state, given, NOW)


def contact(method: ContactMethod, outcome: ContactOutcome, **fields: Any) -> ContactReport:
    return ContactReport(
        method=method, outcome=outcome, at=NOW - timedelta(hours=1), recorded_by="o-1", **fields
    )


def refused(check: object, *args: object) -> str:
    with pytest.raises(ActionRefused) as error:
        check(*args)  # type: ignore[operator]
    return str(error.value)


def test_a_letter_alone_is_never_personal_contact() -> None:
    state = case()
    reason = refused(check_contact, state, contact(ContactMethod.LETTER, ContactOutcome.REACHED), NOW)
    assert "a letter alone is not personal contact" in reason
    check_contact(state, contact(ContactMethod.PHONE, ContactOutcome.DECLINED), NOW)
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.DECLINED), NOW)
    assert state.personally_reached()  # reached and declining support is still contact


def test_an_unannounced_visit_only_after_letter_phone_and_announced_visit_failed_and_with_reasons() -> None:
    state = case()
    visit = contact(
        ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.NOT_REACHED, justification="No answer in weeks"
    )
    reason = refused(check_contact, state, visit, NOW)
    assert "not yet failed: a letter, a phone attempt, an announced home visit" in reason

    record_automatic_letter(state, "L001", NOW - timedelta(days=2))
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    assert refused(check_contact, state, visit, NOW).endswith("not yet failed: an announced home visit")
    apply_contact(state, contact(ContactMethod.ANNOUNCED_VISIT, ContactOutcome.NOT_REACHED), NOW)

    unjustified = contact(ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.NOT_REACHED)
    assert "needs a recorded justification" in refused(check_contact, state, unjustified, NOW)
    check_contact(state, visit, NOW)  # allowed now


def test_reaching_the_tenant_starts_the_unannounced_visit_ladder_again() -> None:
    state = case()
    record_automatic_letter(state, "L001", NOW - timedelta(days=2))
    for method in (ContactMethod.PHONE, ContactMethod.ANNOUNCED_VISIT):
        apply_contact(state, contact(method, ContactOutcome.NOT_REACHED), NOW)
    state.contacts[-1].at = NOW - timedelta(hours=2)
    apply_contact(state, contact(ContactMethod.MEETING, ContactOutcome.REACHED), NOW)
    visit = contact(
        ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.REACHED, justification="Contact lost again"
    )
    assert "not yet failed" in refused(check_contact, state, visit, NOW)


def test_contacts_in_the_future_or_before_the_case_are_refused() -> None:
    state = case()
    later = ContactReport(
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.REACHED,
        at=NOW + timedelta(hours=2),
        recorded_by="o",
    )
    assert "still to come" in refused(check_contact, state, later, NOW)
    earlier = later.model_copy(update={"at": NOW - timedelta(days=30)})
    assert "before the case was opened" in refused(check_contact, state, earlier, NOW)


def test_consent_names_a_fitting_purpose_and_an_administration_by_name() -> None:
    state = case()
    wrong = ConsentGiven(
        recipient=ConsentRecipient.LANDLORD,
        purposes=[ConsentPurpose.INVESTIGATION],
        given_on=TODAY,
        form=ConsentForm.ORAL,
        recorded_by="o",
    )
    assert "cannot be for investigation" in refused(check_consent, state, wrong, TODAY)
    nameless = wrong.model_copy(
        update={"recipient": ConsentRecipient.ADMINISTRATION, "purposes": [ConsentPurpose.CONTACT]}
    )
    assert "must name the administration" in refused(check_consent, state, nameless, TODAY)
    future = wrong.model_copy(
        update={"purposes": [ConsentPurpose.CONTACT], "given_on": TODAY + timedelta(days=1)}
    )
    assert "still to come" in refused(check_consent, state, future, TODAY)


def test_a_withdrawal_in_part_stops_only_what_it_names() -> None:
    state = case()
    consent_id = consent(
        state, ConsentRecipient.LANDLORD, ConsentPurpose.PLANNED_SUPPORT, ConsentPurpose.CONTACT
    )
    withdrawal = ConsentWithdrawal(
        consent_id=consent_id, purposes=[ConsentPurpose.PLANNED_SUPPORT], withdrawn_on=TODAY, recorded_by="o"
    )
    check_withdrawal(state, withdrawal, TODAY)
    apply_withdrawal(state, withdrawal, NOW)
    assert not state.consented(ConsentRecipient.LANDLORD, ConsentPurpose.PLANNED_SUPPORT)
    assert state.consented(ConsentRecipient.LANDLORD, ConsentPurpose.CONTACT)
    assert "does not cover planned_support" in refused(check_withdrawal, state, withdrawal, TODAY)
    unknown = withdrawal.model_copy(update={"consent_id": "K999"})
    assert "no consent K999" in refused(check_withdrawal, state, unknown, TODAY)


def test_the_landlord_is_contacted_without_consent_only_when_it_sent_the_notice() -> None:
    facts = LandlordFactsReport(sublet_suspected=True, recorded_by="o")
    check_landlord_facts(case(), facts, TODAY)  # the landlord's own notice
    relative = case("early_warning", sender_kind="relative")
    assert "needs the tenant's consent" in refused(check_landlord_facts, relative, facts, TODAY)
    consent(relative, ConsentRecipient.LANDLORD, ConsentPurpose.CONTACT)
    check_landlord_facts(relative, facts, TODAY)


def test_an_adult_is_investigated_only_with_consent_a_child_without() -> None:
    state = case()
    adult = PreassessmentEnd(
        result=PreassessmentResult.OPEN_INVESTIGATION, subject=InvestigationSubject.ADULT, recorded_by="o"
    )
    assert "needs their consent" in refused(check_end_preassessment, state, adult)
    child = adult.model_copy(update={"subject": InvestigationSubject.CHILD})
    assert "no children" in refused(check_end_preassessment, state, child)
    family = case(children=[2018])
    check_end_preassessment(family, child)
    consent(state, ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION)
    check_end_preassessment(state, adult)
    apply_end_preassessment(state, adult, NOW)
    assert state.phase is Phase.INVESTIGATION
    assert "already ended" in refused(check_end_preassessment, state, adult)


def test_no_support_intervention_before_an_investigation_and_consent_for_other_boards() -> None:
    state = case()
    state.policy = CasePolicy(other_administrations=["Funktionsstöd"])
    team = SupportPlan(
        kind=InterventionKind.EVICTION_PREVENTION_TEAM, provider="Vuxenenheten", recorded_by="o"
    )
    assert "none may be given during the preassessment" in refused(check_support, state, team)
    state.period.phase = Phase.INVESTIGATION
    check_support(state, team)
    home_help = SupportPlan(kind=InterventionKind.HOME_HELP, provider="Funktionsstöd", recorded_by="o")
    assert "Funktionsstöd belongs to another administration" in refused(check_support, state, home_help)
    consent(state, ConsentRecipient.ADMINISTRATION, ConsentPurpose.PLANNED_SUPPORT, admin="funktionsstöd")
    check_support(state, home_help)
    told = team.model_copy(update={"tell_landlord": True})
    assert "for 'planned_support'" in refused(check_support, state, told)


def test_a_payment_commitment_needs_an_investigation_consent_and_an_open_period() -> None:
    state = case()
    state.period.recovery = RecoveryPeriod(
        served_on=TODAY,
        notified_on=TODAY,
        ends_on=TODAY + timedelta(days=21),
        earliest_eviction_decision=TODAY,
    )
    decision = PaymentCommitmentDecision(amount_sek=9000, decided_by="o")
    assert "open an investigation first" in refused(check_payment_commitment, state, decision, TODAY)
    state.period.phase = Phase.INVESTIGATION
    assert "'payment_commitment'" in refused(check_payment_commitment, state, decision, TODAY)
    consent(state, ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT)
    check_payment_commitment(state, decision, TODAY)
    after = TODAY + timedelta(days=22)
    assert "can no longer save the lease" in refused(check_payment_commitment, state, decision, after)


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


def test_a_unit_under_another_board_waits_for_consent_the_report_of_concern_never() -> None:
    state = case()
    state.policy = CasePolicy(other_administrations=["elderly_care_outreach", "children_unit"])
    assert alert_needs_consent(state, AlertUnit.ELDERLY_CARE_OUTREACH)
    assert not alert_needs_consent(state, AlertUnit.CHILDREN_UNIT)
    consent(state, ConsentRecipient.ADMINISTRATION, ConsentPurpose.CONTACT, admin="elderly_care_outreach")
    assert not alert_needs_consent(state, AlertUnit.ELDERLY_CARE_OUTREACH)


@pytest.mark.parametrize("offset", range(0, 400, 7))
def test_a_home_visit_is_on_a_working_day_in_office_hours_three_working_days_after_its_letter(
    offset: int,
) -> None:
    letter_on = date(2026, 11, 30) + timedelta(days=offset)
    at = home_visit_slot(letter_on, CasePolicy())
    assert is_working_day(at.date()) and at.hour == 10 and at.tzinfo is STOCKHOLM
    assert working_days_between(letter_on, at.date()) == 3


def test_a_single_adult_out_of_reach_before_an_eviction_goes_to_adult_intake() -> None:
    state = case("eviction", scheduled_at=NOW + timedelta(days=7))
    state.period.eviction = EvictionDay(
        kfm_case_number="k", scheduled_at=NOW + timedelta(days=7), first_scheduled_at=NOW
    )
    assert not adult_intake_handover_due(state)  # nobody has tried yet
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    assert adult_intake_handover_due(state)
    family = case("eviction", children=[2019], scheduled_at=NOW + timedelta(days=7))
    family.period.eviction = state.eviction
    apply_contact(family, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    assert not adult_intake_handover_due(family)  # a family: the joint visit with the children's unit


def test_a_commitment_whose_letter_was_stopped_leaves_the_recovery_period_open() -> None:
    state = case()
    state.period.recovery = RecoveryPeriod(
        served_on=TODAY,
        notified_on=TODAY,
        ends_on=TODAY + timedelta(days=21),
        earliest_eviction_decision=TODAY,
    )
    assert state.recovery is not None
    state.deadlines[DeadlineName.RECOVERY_PERIOD] = Deadline(due_on=state.recovery.ends_on)
    record_recovery_outcome(
        state, RecoveryOutcome.PAYMENT_COMMITMENT, NOW, happened_on=TODAY, amount_sek=9000
    )
    undo_unsent_commitment(state, NOW)
    assert state.recovery.outcome is None and state.recovery.commitment_amount_sek is None
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING
