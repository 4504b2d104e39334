"""Support in an investigation (PROCESS.md §3, §5): interventions, agreements with the landlord,
and the facts the landlord adds. No intervention during the preassessment; another board's
unit only with consent.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.actions import AgreementReport, LandlordFactsReport, SupportPlan
from domain.case import CaseState, merged_birth_years
from domain.consent import ConsentPurpose, ConsentRecipient, recent_day, refuse_without_consent
from domain.correspondence import LetterKind
from domain.deadlines import local_date
from domain.effects import Effect, SendLandlordLetter
from domain.language import Said, refuse
from domain.records.support import (
    Agreement as Agreement,
    AgreementKind as AgreementKind,
    InterventionKind as InterventionKind,
    LandlordFacts as LandlordFacts,
    SupportIntervention as SupportIntervention,
)
from domain.recovery_period import RecoveryOutcome, record_recovery_outcome
from domain.words import en, sv


def check_support(state: CaseState, plan: SupportPlan) -> None:
    state.require_open()
    state.require_investigation(en(plan.kind), f"Insatsen {sv(plan.kind)}")
    policy = state.policy
    board = policy.administration_of(plan.provider) or policy.provided_by.get(plan.kind.value)
    if board is None and policy.own_units and not policy.is_own_unit(plan.provider):
        known = ", ".join(policy.known_providers())
        raise refuse(
            en=f"{plan.provider} is not a unit this municipality's configuration knows; give one of: {known}",
            sv=f"{plan.provider} är ingen enhet som kommunens konfiguration känner; ange en av: {known}",
        )
    if board is not None and not state.consented(
        ConsentRecipient.ADMINISTRATION, ConsentPurpose.PLANNED_SUPPORT, board
    ):
        raise refuse_without_consent(
            f"{sv(plan.kind)} by {plan.provider} is given by another administration ({board})",
            f"{sv(plan.kind)} genom {plan.provider} ges av en annan förvaltning ({board})",
            ConsentRecipient.ADMINISTRATION,
            ConsentPurpose.PLANNED_SUPPORT,
            board,
        )
    if plan.tell_landlord and not state.consented(ConsentRecipient.LANDLORD, ConsentPurpose.PLANNED_SUPPORT):
        raise refuse_without_consent(
            "telling the landlord of planned support shares the tenant's circumstances",
            "att berätta för hyresvärden om planerat stöd lämnar ut hyresgästens förhållanden",
            ConsentRecipient.LANDLORD,
            ConsentPurpose.PLANNED_SUPPORT,
        )


def apply_support(state: CaseState, plan: SupportPlan, now: datetime) -> SupportIntervention:
    intervention = SupportIntervention(
        intervention_id=state.next_id("S"),
        kind=plan.kind,
        provider=plan.provider,
        decided_by=plan.recorded_by,
        decided_at=now,
        landlord_told=plan.tell_landlord,
    )
    state.interventions.append(intervention)
    state.log(now, f"support {intervention.intervention_id} planned: {plan.kind.value}")
    return intervention


def support_letters(plan: SupportPlan) -> list[Effect]:
    """The landlord hears of the planned support when the officer asks for it, with consent."""
    if not plan.tell_landlord:
        return []
    return [SendLandlordLetter(kind=LetterKind.PLANNED_SUPPORT, purpose=ConsentPurpose.PLANNED_SUPPORT)]


def support_planned(plan: SupportPlan) -> Said:
    if plan.tell_landlord:
        return Said(
            en="support planned; the letter to the landlord goes out now",
            sv="stödet planerat; brevet till hyresvärden skickas nu",
        )
    return Said(en="support planned", sv="stödet planerat")


# ---- agreements ----------------------------------------------------------------------------


def check_agreement(state: CaseState, report: AgreementReport, today: date) -> None:
    state.require_open()
    recent_day(report.agreed_on or today, today, "the day of the agreement", "Dagen för överenskommelsen")


def apply_agreement(state: CaseState, report: AgreementReport, now: datetime) -> Said:
    agreed_on = report.agreed_on or local_date(now)
    state.agreements.append(
        Agreement(
            kind=report.kind,
            agreed_on=agreed_on,
            recorded_by=report.recorded_by,
            recorded_at=now,
            note=report.note,
        )
    )
    state.log(now, f"agreement recorded: {report.kind.value} on {agreed_on}")
    recovery = state.period.recovery
    if (
        report.kind is AgreementKind.WITHDRAWN_TERMINATION
        and recovery is not None
        and recovery.outcome in (None, RecoveryOutcome.NOT_SAVED)
    ):
        record_recovery_outcome(state, RecoveryOutcome.TERMINATION_WITHDRAWN, now, happened_on=agreed_on)
    return Said(
        en=f"agreement recorded: {report.kind.value}", sv=f"överenskommelsen registrerad: {report.kind.value}"
    )


# ---- facts from the landlord ---------------------------------------------------------------


def check_landlord_facts(state: CaseState, facts: LandlordFactsReport, today: date) -> None:
    state.require_open()
    if not state.landlord_contact_allowed():
        raise refuse_without_consent(
            "the landlord did not send a notice about this household, so contacting the landlord "
            "needs the tenant's consent",
            "hyresvärden har inte skickat någon underrättelse om hushållet, så kontakt med "
            "hyresvärden kräver hyresgästens samtycke",
            ConsentRecipient.LANDLORD,
            ConsentPurpose.CONTACT,
        )
    if facts.debt_settled_on is not None:
        recent_day(facts.debt_settled_on, today, "the day the debt was settled", "Dagen då skulden betalades")
    for year in facts.children_not_in_register:
        if not today.year - 18 <= year <= today.year:
            raise refuse(en=f"birth year {year} is not a child's", sv=f"födelseåret {year} är inte ett barns")


def apply_landlord_facts(state: CaseState, facts: LandlordFactsReport, now: datetime) -> Said:
    state.landlord_facts.append(
        LandlordFacts(
            recorded_at=now, **facts.model_dump(exclude={"recorded_by"}), recorded_by=facts.recorded_by
        )
    )
    recovery = state.period.recovery
    if (
        facts.debt_settled_on is not None
        and recovery is not None
        and recovery.outcome in (None, RecoveryOutcome.NOT_SAVED)
    ):
        record_recovery_outcome(state, RecoveryOutcome.DEBT_SETTLED, now, happened_on=facts.debt_settled_on)
    if facts.children_not_in_register:
        state.children_birth_years = merged_birth_years(
            state.children_birth_years or [], facts.children_not_in_register
        )
        state.log(
            now, f"landlord reports {len(facts.children_not_in_register)} child(ren) not in the register"
        )
    if facts.sublet_suspected:
        state.log(now, "landlord suspects a sublet")
    if facts.repeated_late_payments:
        state.log(now, "landlord reports repeated late payments")
    return Said(en="facts from the landlord recorded", sv="uppgifterna från hyresvärden registrerade")
