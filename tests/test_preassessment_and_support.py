"""The preassessment decision and support interventions (domain/preassessment.py, support.py)."""

from domain.actions import (
    PreassessmentEnd,
    SupportPlan,
)
from domain.consent import (
    ConsentPurpose,
    ConsentRecipient,
)
from domain.phase import Phase
from domain.policy import CasePolicy
from domain.preassessment import (
    InvestigationSubject,
    PreassessmentResult,
    apply_end_preassessment,
    check_end_preassessment,
)
from domain.support import InterventionKind, check_support
from tests.casework_factories import NOW, case, consent, refused


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
