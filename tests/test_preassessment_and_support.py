"""The preassessment decision and support interventions (domain/preassessment.py, support.py)."""

import pytest

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
from infra.settings import Settings
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
    assert "given by another administration (Funktionsstöd)" in refused(check_support, state, home_help)
    consent(state, ConsentRecipient.ADMINISTRATION, ConsentPurpose.PLANNED_SUPPORT, admin="funktionsstöd")
    check_support(state, home_help)
    told = team.model_copy(update={"tell_landlord": True})
    assert "for 'planned_support'" in refused(check_support, state, told)


@pytest.mark.parametrize(
    ("provider", "board"),
    [
        ("Äldreförvaltningen", "Äldre samt vård och omsorg"),
        ("Hemtjänsten", "Äldre samt vård och omsorg"),
        ("funktionsstödsförvaltningen", "Funktionsstöd"),
        ("Vuxenenheten", "Äldre samt vård och omsorg"),  # home help is elderly care's, whoever is named
    ],
)
def test_another_administration_is_recognised_by_configuration_never_by_the_typed_name(
    provider: str, board: str, settings: Settings
) -> None:
    """Issue 18: `support --kind home_help --provider Äldreförvaltningen` was accepted without
    consent; only the exact configured name was recognised."""
    state = case()
    state.policy = settings.policy  # the configuration make run and the worker use
    state.period.phase = Phase.INVESTIGATION
    plan = SupportPlan(kind=InterventionKind.HOME_HELP, provider=provider, recorded_by="o")
    assert f"given by another administration ({board})" in refused(check_support, state, plan)
    consent(state, ConsentRecipient.ADMINISTRATION, ConsentPurpose.PLANNED_SUPPORT, admin=board)
    check_support(state, plan)


def test_a_provider_the_configuration_does_not_know_is_refused(settings: Settings) -> None:
    state = case()
    state.policy = settings.policy
    state.period.phase = Phase.INVESTIGATION
    typed = SupportPlan(kind=InterventionKind.ACTION_PLAN, provider="Kalles stödfirma", recorded_by="o")
    reason = refused(check_support, state, typed)
    assert "not a unit this municipality's configuration knows" in reason and "Vuxenenheten" in reason
    check_support(state, typed.model_copy(update={"provider": "vuxenenheten"}))
