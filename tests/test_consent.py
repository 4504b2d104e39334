"""Consent: recipients, purposes, withdrawals, other boards (domain/consent.py), without a server."""

from datetime import timedelta

from domain.actions import (
    ConsentGiven,
    ConsentWithdrawal,
    LandlordFactsReport,
)
from domain.consent import (
    ConsentForm,
    ConsentPurpose,
    ConsentRecipient,
    alert_needs_consent,
    apply_withdrawal,
    check_consent,
    check_withdrawal,
)
from domain.correspondence import AlertUnit
from domain.policy import CasePolicy
from domain.support import check_landlord_facts
from tests.casework_factories import NOW, TODAY, case, consent, refused


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


def test_a_unit_under_another_board_waits_for_consent_the_report_of_concern_never() -> None:
    state = case()
    state.policy = CasePolicy(other_administrations=["elderly_care_outreach", "children_unit"])
    assert alert_needs_consent(state, AlertUnit.ELDERLY_CARE_OUTREACH)
    assert not alert_needs_consent(state, AlertUnit.CHILDREN_UNIT)
    consent(state, ConsentRecipient.ADMINISTRATION, ConsentPurpose.CONTACT, admin="elderly_care_outreach")
    assert not alert_needs_consent(state, AlertUnit.ELDERLY_CARE_OUTREACH)


def test_a_consent_dated_long_ago_is_a_typing_error() -> None:
    from datetime import date

    state = case()
    given = ConsentGiven(
        recipient=ConsentRecipient.LANDLORD,
        purposes=[ConsentPurpose.CONTACT],
        given_on=date(1900, 1, 1),
        form=ConsentForm.WRITTEN,
        recorded_by="o-1",
    )
    assert "more than two years ago" in refused(check_consent, state, given, TODAY)
