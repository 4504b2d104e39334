"""What a notice does to a case (PROCESS.md §2-3): it opens the case, joins the open one, or is
a duplicate; it adds its track and its deadlines; it decides which units hear of the household.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from pydantic import BaseModel

from domain.actions import NoticeReceipt
from domain.case import CaseState, RegisterCheck, merged_birth_years
from domain.consent import alert_needs_consent
from domain.contact import start_contact_ladder
from domain.correspondence import AlertUnit, ReminderFacts, ReminderTopic
from domain.effects import Alert, Effect, Remind, Together
from domain.eviction import plan_eviction, plan_kfm_confirmation
from domain.language import refuse
from domain.notices import ELDERLY_AGE, Notice, NoticeKind
from domain.phase import Phase
from domain.policy import CasePolicy
from domain.preassessment import plan_preassessment
from domain.recovery_period import plan_recovery_period
from domain.requests import CaseRegistered, KnownClient, PopulationRegisterEntry
from domain.routing import Routing

# A household's case holds its notices (and carries them across continue-as-new): a bound keeps
# its state within Temporal's 2 MB payload limit however large each accepted notice is.
MAX_NOTICES_PER_CASE = 100


def check_room_for(state: CaseState, notice: Notice) -> None:
    """The case has room for one more notice (a duplicate is always answered)."""
    if notice.notice_id in state.notice_digests:
        return
    if len(state.notices) >= MAX_NOTICES_PER_CASE:
        raise refuse(
            en=f"the case already holds {MAX_NOTICES_PER_CASE} notices; ask the supervisor to close and "
            "archive it before more are taken in",
            sv=f"ärendet har redan {MAX_NOTICES_PER_CASE} underrättelser; be arbetsledaren avsluta och "
            "arkivera det innan fler tas emot",
        )


def receive_notice(state: CaseState, notice: Notice, now: datetime) -> NoticeReceipt:
    """Opened, joined, or a duplicate (same `notice_id`: nothing happens, however it differs)."""
    digest = hashlib.sha256(notice.model_dump_json().encode()).hexdigest()
    known = state.notice_digests.get(notice.notice_id)
    if known is not None:
        return NoticeReceipt(
            notice_id=notice.notice_id, case_id=state.case_id, status="duplicate", conflict=known != digest
        )
    status = "opened" if not state.notices else "joined"
    if state.period.phase is Phase.CLOSED:
        state.start_period(now)  # a new period; the household's history stays
        state.log(now, "case reopened by a new notice")
        status = "opened"
    state.notices.append(notice)
    state.notice_digests[notice.notice_id] = digest
    state.log(now, f"notice {notice.notice_id} ({notice.kind.value}) received")
    return NoticeReceipt(notice_id=notice.notice_id, case_id=state.case_id, status=status)


# ---- taking a notice in, in stages (the workflow runs each stage's look-ups and letters) ----


class IntakePlan(BaseModel):
    """Which stages a notice's intake has, decided before any of them runs."""

    first: bool  # the case's first notice, or one that reopened it: the case opens
    numbered_first: bool  # registered (numbered) before its confirmation names the case number
    confirm_to_kfm: bool  # Kronofogden's notice: the same-day confirmation before any other letter


def plan_intake(state: CaseState, notice: Notice, *, true_letters: bool) -> IntakePlan:
    first = state.period.phase is Phase.INTAKE
    eviction = notice.kind is NoticeKind.EVICTION
    # From issue 18 on, a new case is numbered first (a local activity, no letter): the
    # same-day confirmation then names the case number Kronofogden can refer to.
    return IntakePlan(
        first=first, numbered_first=first and eviction and true_letters, confirm_to_kfm=eviction
    )


def policy_fixed(state: CaseState, policy: CasePolicy, now: datetime) -> None:
    """The municipality's policy is fixed in the case when it opens."""
    state.policy = policy
    state.period.started_at = state.period.started_at or now


def registers_checked(
    state: CaseState, population: PopulationRegisterEntry, known: KnownClient, now: datetime
) -> None:
    state.register_check = RegisterCheck(
        registered_at_address=population.registered_at_address,
        other_adults_registered=population.other_adults,
        children_birth_years=population.children_birth_years,
        known_to_social_services=known.known,
        known_in_unit=known.unit,
        known_in_other_administration=known.other_administration,
    )
    if population.registered_at_address is False:
        state.log(now, "tenant not registered at the address: check for a sublet")


def case_registered(state: CaseState, registered: CaseRegistered | None) -> None:
    if registered is not None:  # None: a case registered before case numbers
        state.case_number = registered.case_number


def preassessment_begins(
    state: CaseState, notice: Notice, letter_id: str | None, now: datetime, *, casework: bool
) -> list[Effect]:
    """The information letter went: the preassessment starts, and with case work the contact
    ladder (the officer phones; a home visit if nobody is reached)."""
    state.period.phase = Phase.PREASSESSMENT
    state.log(now, "case registered; preassessment started")
    if not casework:
        return []
    assert letter_id is not None  # the tenant lives at the notice's address on intake
    return start_contact_ladder(state, notice, letter_id, now)


def open_period(state: CaseState, notice: Notice, routing: Routing) -> None:
    """The first notice of a period: who is responsible, the tenant's age, the preassessment."""
    state.routing = routing
    state.district = notice.district
    state.tenant_age = notice.tenant_age()
    plan_preassessment(state, notice.received_on)


def add_notice(state: CaseState, notice: Notice, now: datetime) -> None:
    """The notice's track, landlord, children and deadlines (before any letter goes)."""
    if notice.landlord and state.landlord is None:
        state.landlord = notice.landlord.name
    if notice.kind not in state.tracks:
        state.tracks.append(notice.kind)
    merge_children(state, notice)
    if notice.kind is NoticeKind.EVICTION:
        assert notice.eviction is not None
        plan_kfm_confirmation(state, notice, now)
        plan_eviction(state, notice.eviction.scheduled_at, notice.eviction.kfm_case_number, now)
    elif notice.kind is NoticeKind.RENT_ARREARS:
        plan_recovery_period(state, notice, now)
    elif notice.kind is NoticeKind.DISTURBANCE:
        assert notice.disturbance is not None
        state.period.disturbance_warning_on = notice.disturbance.warning_given_on


def merge_children(state: CaseState, notice: Notice) -> None:
    """Children from every notice count; 'not given' never erases what an earlier one said."""
    years = notice.children_birth_years()
    if years is None:
        return
    state.children_birth_years = merged_birth_years(state.children_birth_years or [], years)


def tenant_is_elderly(state: CaseState) -> bool:
    return state.tenant_age is not None and state.tenant_age >= ELDERLY_AGE


def coordinate_with_known_unit(state: CaseState, now: datetime) -> list[Effect]:
    """The standing rule (checklist step 3): a tenant already known to a unit of the
    administration ("Känd: Ekonomiskt bistånd") gets a task for the officer to consult that unit
    about the case, once; a unit under another board only with the tenant's consent."""
    check = state.register_check
    if check is None or not check.known_in_unit or state.period.coordination_asked:
        return []
    state.period.coordination_asked = True
    state.log(now, "the tenant is known to another unit: the officer is asked to consult it")
    topic = (
        ReminderTopic.COORDINATE_WITH_OTHER_ADMINISTRATION
        if check.known_in_other_administration
        else ReminderTopic.COORDINATE_WITH_UNIT
    )
    return [Remind(topic=topic, facts=ReminderFacts(unit=check.known_in_unit))]


def units_to_alert(state: CaseState, now: datetime) -> list[Effect]:
    """The children's unit for a family, elderly care outreach for a tenant of 65 or more, once
    each; a unit under another board hears of the tenant only with consent, so it waits."""
    alerts = []
    if state.has_children and not state.alerted(AlertUnit.CHILDREN_UNIT):
        alerts.append(
            Alert(
                unit=AlertUnit.CHILDREN_UNIT,
                reason="children in household: report of concern",
                reason_sv="Barn bor i ett hushåll som riskerar att vräkas: orosanmälan till enheten för barn "
                "och unga.",
            )
        )
    if tenant_is_elderly(state) and not state.alerted(AlertUnit.ELDERLY_CARE_OUTREACH):
        alerts.append(
            Alert(
                unit=AlertUnit.ELDERLY_CARE_OUTREACH,
                reason="tenant aged 65 or older",
                reason_sv="Hyresgästen är 65 år eller äldre och riskerar att vräkas: äldreomsorgens "
                "uppsökande verksamhet kontaktar hen.",
            )
        )
    held = [alert.unit for alert in alerts if alert_needs_consent(state, alert.unit)]
    for unit in held:
        if unit not in state.held_alerts:
            state.held_alerts.append(unit)
            state.log(now, f"{unit.value} not alerted: another administration, consent needed")
    state.held_alerts = [unit for unit in state.held_alerts if unit in held]
    return [Together(effects=[alert for alert in alerts if alert.unit not in held])]
